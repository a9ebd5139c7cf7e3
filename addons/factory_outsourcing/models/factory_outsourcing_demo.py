from odoo import api, models


class FactoryOutsourcingDemo(models.AbstractModel):
    """Steps of the demo data that XML cannot express: validate the resupply
    or the receipt of an outsourcing order with a quantity, keeping a
    backorder for the rest."""

    _name = "factory.outsourcing.demo"
    _description = "Outsourcing Demo Data Helper"

    @api.model
    def _factory_demo_resupply(self, order_id, qty):
        order = self.env["purchase.order"].browse(order_id)
        return self._factory_demo_validate(order._get_subcontracting_resupplies(), qty)

    @api.model
    def _factory_demo_receive(self, order_id, qty):
        order = self.env["purchase.order"].browse(order_id)
        receipts = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state != "done"
        )
        return self._factory_demo_validate(receipts, qty)

    @api.model
    def _factory_demo_validate(self, pickings, qty):
        # a private method (no RPC): the data file's user validates with
        # their own rights
        for picking in pickings:
            picking.action_assign()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            # what Odoo's "Create Backorder" answer does
            picking.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=[]
            ).button_validate()
        return True

    @api.model
    def _factory_demo_outsource(self, production_id, sent, passed, rejected):
        """Release the outsourced operation of an order as the current (demo)
        user, issue its components and receive part of it back."""
        # a private method (no RPC): the release and the receipt check the
        # demo user's own rights
        production = self.env["mrp.production"].browse(production_id)
        workorder = production.workorder_ids.filtered("factory_subcontractor_id")[:1]
        operation = workorder._factory_outsource()
        picking = operation.picking_id.sudo()
        picking.action_assign()
        picking.move_ids.quantity = sent
        picking.move_ids.picked = True
        picking.button_validate()
        operation.action_factory_receive(passed, rejected, note="首批回厂")
        return True
