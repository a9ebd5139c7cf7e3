from . import test_rules
from . import test_security
from . import test_validation
from . import test_robots
from . import test_outbox
from . import test_email
from . import test_purchase
from . import test_alerts_tour
