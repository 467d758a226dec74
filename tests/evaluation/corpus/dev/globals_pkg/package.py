name = "globals_pkg"
version = "3.1.0"

for _app, _ver in (("maya", "2025"), ("python", "3.11")):
    globals()["_%s_req" % _app] = "%s-%s" % (_app, _ver)

requires = [v for k, v in sorted(globals().items()) if k.endswith("_req")]
