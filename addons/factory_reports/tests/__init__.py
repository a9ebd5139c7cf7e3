from . import test_access
from . import test_dead_stock
from . import test_aging
from . import test_turnover
from . import test_supplier
from . import test_abc
from . import test_export
