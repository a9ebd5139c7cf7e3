from . import factory_outsourcing_balance
