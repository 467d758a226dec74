name = "rejected_tests_shape"
version = "1.0.0"
tests = {"unit": {"requires": ["pytest-7"]}}
