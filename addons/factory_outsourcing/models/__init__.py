from . import res_partner
from . import stock_location
from . import purchase_order
from . import stock_picking
from . import product_supplierinfo
from . import factory_outsourcing_statement
from . import factory_outsourcing_statement_line
from . import factory_outsourcing_statement_export
