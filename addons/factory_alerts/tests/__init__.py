from . import test_rules
from . import test_security
from . import test_validation
