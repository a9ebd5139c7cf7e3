from . import test_board_tour
from . import test_fifo
from . import test_import_template
from . import test_material
from . import test_qc_inspection
from . import test_qc_tour
from . import test_security
from . import test_stock_board
