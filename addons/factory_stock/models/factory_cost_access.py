"""Cost fields: unreadable through RPC, readable by Odoo's business code.

The cost fields carry ``groups="factory_stock.group_factory_cost"`` so that
``read``/``web_read``/``search_read``, search domains, exports, ``fields_get``
and views refuse or hide them for clerks, QC inspectors and line workers.
Odoo itself, however, reads ``standard_price`` as the current user in its
stock flows (valuation of a delivery, price of a receipt, ...), which the ORM
would then refuse when it fetches the value.  ``_fetch_field`` is that
internal, attribute-level fetch (never an RPC entry point): it fetches these
fields as superuser, so a clerk can still validate transfers.
"""

from odoo import models


class FactoryCostAccessMixin(models.AbstractModel):
    _name = "factory.cost.access.mixin"
    _description = "Cost fields readable by business code only"

    _factory_cost_fields = ()

    def _fetch_field(self, field):
        if (
            field.name in self._factory_cost_fields
            and not self.env.su
            and not field.is_accessible(self.env)
        ):
            return super(FactoryCostAccessMixin, self.sudo())._fetch_field(field)
        return super()._fetch_field(field)
