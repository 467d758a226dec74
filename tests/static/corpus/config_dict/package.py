name = "config_dict"
version = "1.0.0"
config = {
    "release_packages_path": "/studio/release",
    "plugins": {"release_hook": {"emailer": {"recipients": ["a@example.com"]}}},
}
