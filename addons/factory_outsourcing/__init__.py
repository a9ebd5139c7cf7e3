from . import amount_cn
from . import models
from . import wizard
from . import report
