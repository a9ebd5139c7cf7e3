from . import test_release
