from . import factory_mrp_shortage
from . import factory_mrp_wip
from . import factory_mrp_product_cost
from . import mrp_report_money
