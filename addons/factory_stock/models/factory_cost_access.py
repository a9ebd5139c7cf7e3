"""Cost fields: unreadable through RPC, readable by Odoo's business code.

The cost fields carry ``groups="factory_stock.group_factory_cost"`` so that
``read``/``web_read``/``search_read``, search domains, exports, ``fields_get``
and views refuse or hide them for clerks, QC inspectors and line workers.
Odoo itself, however, reads ``standard_price`` as the current user in its
stock flows (valuation of a delivery, price of a receipt, ...), which the ORM
would then refuse when it fetches the value.  ``_fetch_field`` is that
internal, attribute-level fetch (never an RPC entry point): it fetches these
fields as superuser, so a clerk can still validate transfers.

The model's own default order may sort on a cost field (supplier prices:
``sequence, min_qty DESC, price, id``): it stays Odoo's order for every
user (lists and business code rely on it), while an order asked for by the
caller on a cost field is refused as usual.

``onchange`` is the one RPC entry point that evaluates records through that
attribute-level access (its field specification comes from the client): a
specification naming a field the user may not read is refused, as ``read``
refuses it.
"""

from odoo import api, models


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

    def _order_to_sql(self, order, query, alias=None, reverse=False):
        if not self.env.su and (order or self._order) == self._order:
            return super(FactoryCostAccessMixin, self.sudo())._order_to_sql(
                order, query, alias=alias, reverse=reverse
            )
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su:
            self._factory_check_spec_access(fields_spec)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _factory_check_spec_access(self, fields_spec):
        """Refuse a web_read-like specification that names a field the user
        may not read, on this model or on the related models it opens."""
        self.check_field_access_rights("read", list(fields_spec))
        for fname, spec in fields_spec.items():
            field = self._fields.get(fname)
            if field and field.relational and spec and spec.get("fields"):
                comodel = self.env[field.comodel_name]
                FactoryCostAccessMixin._factory_check_spec_access(
                    comodel, spec["fields"]
                )
