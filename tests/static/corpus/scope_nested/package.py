name = "scope_nested"
version = "1.0.0"

with scope("config") as c:
    c.plugins.release_hook.emailer.recipients = ["pipeline@example.com"]
    c.plugins.release_vcs.git.allow_no_upstream = True
