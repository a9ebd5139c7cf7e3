from . import test_shortage_alerts
