import inspect
import os

name = "versioned_here"

# the folder of this file, whatever the working directory
_here = os.path.dirname(inspect.currentframe().f_code.co_filename)
version = open(os.path.join(_here, "VERSION")).read().strip() + ".post"

requires = ["python-3"]
