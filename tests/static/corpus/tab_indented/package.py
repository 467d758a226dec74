name = "tab_indented"
version = "3.0.0"
requires = [
	"python-3.9",
	"qt-5.15",
]

def commands():
	env.QT_PLUGIN_PATH.append("{root}/plugins")
	if building:
		env.CMAKE_MODULE_PATH.append("{root}/cmake")
