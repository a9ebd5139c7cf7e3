from . import factory_voucher_map
from . import factory_voucher_export
from . import factory_voucher_layout
from . import factory_voucher_demo
