from . import test_voucher_export
from . import test_voucher_access
from . import test_voucher_outsourcing
