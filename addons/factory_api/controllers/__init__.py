from . import main
from . import write
