"""The corpus's studio preprocess function (rez's `package_preprocess_function`)."""

STUDIO_ENV = "studio_env-2024"


def add_studio_requirements(this, data):
    # every package built at the studio needs its environment package; tools get a category
    requires = data.setdefault("requires", [])
    if STUDIO_ENV not in requires:
        requires.append(STUDIO_ENV)
    if this.name.endswith("_tools"):
        data["category"] = "tools"
    if data.get("version", "").startswith("0."):
        raise InvalidPackageError("%s: version 0.x is not releasable at the studio" % this.name)
