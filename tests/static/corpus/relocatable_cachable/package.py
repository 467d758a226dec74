name = "relocatable_cachable"
version = "1.0.0"
relocatable = True
cachable = False
has_plugins = True
plugin_for = ["maya"]
