# rez configuration of the evaluation corpus: the workers get it through REZ_CONFIG_FILE, the rez
# oracle of the tests loads the same file into a locked Config.
import os

_here = os.path.dirname(os.path.abspath(__file__))

packages_path = [os.path.join(_here, "packages")]
local_packages_path = os.path.join(_here, "packages")
implicit_packages = []

# a studio-wide preprocess function, imported from a module of its own
package_definition_build_python_paths = [os.path.join(_here, "preprocess")]
package_preprocess_function = "studio_preprocess.add_studio_requirements"
package_preprocess_mode = "after"
