from . import test_amount_cn
from . import test_subcontractor
from . import test_outsourcing_flow
from . import test_balance
from . import test_statement
from . import test_statement_access
from . import test_statement_export
from . import test_receipt_qc
