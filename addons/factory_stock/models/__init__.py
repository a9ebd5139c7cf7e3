from . import res_users
from . import product_template
from . import product_product
from . import stock_warehouse_orderpoint
from . import stock_lot
