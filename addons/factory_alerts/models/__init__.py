from . import factory_alert_robot
from . import factory_alert_rule
from . import factory_alert_rule_eval
from . import factory_alert_rule_notify
from . import factory_alert_rule_purchase
from . import factory_alert
from . import factory_alert_outbox
from . import factory_alert_subject
