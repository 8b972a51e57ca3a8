from site_helpers import site_dir  # noqa: F401  (fixture)
