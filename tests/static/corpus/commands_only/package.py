name = "commands_only"
version = "4.1.0"


def pre_commands():
    env.STUDIO_ROOT = "/studio"


def commands():
    env.PATH.prepend("{root}/bin")
    alias("co", "{root}/bin/co --verbose")


def post_commands():
    pass
