name = "scope_config"
version = "1.0.0"
requires = ["python-3.9"]

with scope("config") as c:
    c.release_packages_path = "/studio/packages/release"
    c.build_directory = "build"
