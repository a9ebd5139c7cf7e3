from odoo import fields, models
from odoo.tools import SQL

from .factory_mrp_shortage import OPEN_PRODUCTION_STATES

OPEN_WORKORDER_STATES = ("pending", "waiting", "ready", "progress")


def _in(values):
    return SQL("(%s)", SQL(", ").join(SQL("%s", v) for v in values))


class FactoryMrpWip(models.Model):
    """WIP / progress board (在制品看板): one row per open manufacturing order
    (confirmed, in progress, to close) with planned, produced and scrapped
    quantities, the components issued, consumed and returned, the current
    operation and whether the order is late. A read-only SQL view over live
    tables: every read shows the current state. No cost on this board.

    Produced = good quantity of the last operation (the larger of its work
    order's produced quantity and its production reports), or the done
    finished quantity for orders without work orders. Component quantities
    are in each product's unit and add up over the order's components.
    """

    _name = "factory.mrp.wip"
    _description = "Work in Progress"
    _auto = False
    _rec_name = "production_id"
    _order = "is_late desc, date_start, production_id"
    _depends = {
        "mrp.production": [
            "name",
            "state",
            "product_id",
            "product_qty",
            "product_uom_id",
            "date_start",
            "date_finished",
            "date_deadline",
            "factory_released",
            "picking_type_id",
            "location_src_id",
            "procurement_group_id",
            "user_id",
            "company_id",
        ],
        "mrp.workorder": [
            "production_id",
            "workcenter_id",
            "state",
            "sequence",
            "qty_produced",
        ],
        "factory.production.report": [
            "workorder_id",
            "production_id",
            "good_qty",
            "scrap_qty",
            "state",
        ],
        "stock.move": [
            "raw_material_production_id",
            "production_id",
            "product_id",
            "state",
            "picked",
            "group_id",
            "location_dest_id",
            "picking_id",
            "factory_material_request_id",
        ],
        "stock.move.line": ["move_id", "quantity_product_uom", "state"],
        "stock.picking": [
            "factory_material_request_id",
            "factory_mr_return",
            "factory_mr_return_request_id",
            "factory_mr_return_production_id",
        ],
    }

    production_id = fields.Many2one(
        "mrp.production", "Manufacturing Order", readonly=True
    )
    name = fields.Char("Reference", readonly=True)
    state = fields.Selection(
        [
            ("confirmed", "Confirmed"),
            ("progress", "In Progress"),
            ("to_close", "To Close"),
        ],
        readonly=True,
    )
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    user_id = fields.Many2one("res.users", "Responsible", readonly=True)
    date_start = fields.Datetime("Start", readonly=True)
    date_finished = fields.Datetime("Planned End", readonly=True)
    date_deadline = fields.Datetime("Deadline", readonly=True)
    planned_qty = fields.Float(
        "Planned", digits="Product Unit of Measure", readonly=True
    )
    produced_qty = fields.Float(
        "Produced", digits="Product Unit of Measure", readonly=True
    )
    scrapped_qty = fields.Float(
        "Scrapped", digits="Product Unit of Measure", readonly=True
    )
    remaining_qty = fields.Float(
        "Remaining", digits="Product Unit of Measure", readonly=True
    )
    progress = fields.Float(
        "Progress (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Produced quantity over planned quantity.",
    )
    required_component_qty = fields.Float(
        "Components Required", digits="Product Unit of Measure", readonly=True
    )
    issued_component_qty = fields.Float(
        "Components Issued", digits="Product Unit of Measure", readonly=True
    )
    consumed_component_qty = fields.Float(
        "Components Consumed", digits="Product Unit of Measure", readonly=True
    )
    returned_component_qty = fields.Float(
        "Components Returned", digits="Product Unit of Measure", readonly=True
    )
    current_workorder_id = fields.Many2one(
        "mrp.workorder", "Current Operation", readonly=True
    )
    current_workcenter_id = fields.Many2one(
        "mrp.workcenter", "Current Work Center", readonly=True
    )
    operation_count = fields.Integer("Operations", readonly=True)
    operation_done_count = fields.Integer("Operations Done", readonly=True)
    is_late = fields.Boolean("Late", readonly=True)
    released = fields.Boolean("Released", readonly=True)

    def action_open_production(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.production",
            "res_id": self.production_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _factory_flows_sql(self, production_ids=None):
        """Rows (production_id, product_id, issued, consumed, returned) of
        component quantities in the product's unit, for the given orders or
        all open orders.

        Issued: in multi-step manufacturing, done transfers into the order's
        component location that belong to the order (its procurement group or
        one of its material requests); in one step, the order's own component
        moves once picked. Consumed: done component moves. Returned: done
        material returns (退料) for the order or one of its requests."""
        if production_ids is None:
            scope = SQL("p.state IN %s", _in(OPEN_PRODUCTION_STATES))
        else:
            scope = SQL("p.id = ANY(%s::int[])", list(production_ids))
        return SQL(
            """
            WITH prod AS (
                SELECT p.id, p.location_src_id, p.procurement_group_id,
                       COALESCE(w.manufacture_steps, 'mrp_one_step')
                           = 'mrp_one_step' AS one_step
                  FROM mrp_production p
             LEFT JOIN stock_picking_type spt ON spt.id = p.picking_type_id
             LEFT JOIN stock_warehouse w ON w.id = spt.warehouse_id
                 WHERE %(scope)s
            ), moves AS (
                -- multi-step: transfers into the order's component location
                SELECT pr.id AS production_id, m.product_id,
                       SUM(ml.quantity_product_uom) AS issued,
                       0.0 AS consumed, 0.0 AS returned
                  FROM prod pr
                  JOIN stock_move m ON m.location_dest_id = pr.location_src_id
                  JOIN stock_move_line ml ON ml.move_id = m.id
             LEFT JOIN stock_picking sp ON sp.id = m.picking_id
             LEFT JOIN factory_material_request r
                    ON r.id = COALESCE(m.factory_material_request_id,
                                       sp.factory_material_request_id)
                 WHERE NOT pr.one_step AND m.state = 'done'
                   AND m.raw_material_production_id IS NULL
                   AND sp.factory_mr_return IS NOT TRUE
                   AND (m.group_id = pr.procurement_group_id
                        OR r.production_id = pr.id)
              GROUP BY 1, 2
             UNION ALL
                -- the order's component moves: issued (one step, picked)
                -- and consumed (done)
                SELECT pr.id, m.product_id,
                       SUM(CASE WHEN pr.one_step AND m.picked
                                THEN ml.quantity_product_uom ELSE 0.0 END),
                       SUM(CASE WHEN m.state = 'done'
                                THEN ml.quantity_product_uom ELSE 0.0 END),
                       0.0
                  FROM prod pr
                  JOIN stock_move m ON m.raw_material_production_id = pr.id
                  JOIN stock_move_line ml ON ml.move_id = m.id
                 WHERE m.state != 'cancel'
              GROUP BY 1, 2
             UNION ALL
                -- material returns against the order or its requests
                SELECT pr.id, ml.product_id, 0.0, 0.0,
                       SUM(ml.quantity_product_uom)
                  FROM prod pr
                  JOIN stock_picking sp
                    ON sp.factory_mr_return IS TRUE
                   AND sp.factory_mr_return_production_id = pr.id
                  JOIN stock_move_line ml ON ml.picking_id = sp.id
                 WHERE ml.state = 'done'
              GROUP BY 1, 2
             UNION ALL
                SELECT pr.id, ml.product_id, 0.0, 0.0,
                       SUM(ml.quantity_product_uom)
                  FROM prod pr
                  JOIN factory_material_request r ON r.production_id = pr.id
                  JOIN stock_picking sp
                    ON sp.factory_mr_return IS TRUE
                   AND sp.factory_mr_return_request_id = r.id
                   AND sp.factory_mr_return_production_id IS DISTINCT FROM pr.id
                  JOIN stock_move_line ml ON ml.picking_id = sp.id
                 WHERE ml.state = 'done'
              GROUP BY 1, 2
            )
            SELECT production_id, product_id, SUM(issued) AS issued,
                   SUM(consumed) AS consumed, SUM(returned) AS returned
              FROM moves
          GROUP BY production_id, product_id
            """,
            scope=scope,
        )

    @property
    def _table_query(self):
        return SQL(
            "WITH flows AS (%s) %s %s %s",
            self._factory_flows_sql(),
            self._select(),
            self._from(),
            self._where(),
        )

    def _select(self):
        return SQL(
            """
            SELECT p.id, p.id AS production_id, p.name, p.state, p.product_id,
                   p.product_uom_id AS uom_id, spt.warehouse_id, p.company_id,
                   p.user_id, p.date_start, p.date_finished, p.date_deadline,
                   p.product_qty AS planned_qty,
                   prod.produced AS produced_qty,
                   COALESCE(rep.scrapped, 0.0) AS scrapped_qty,
                   GREATEST(p.product_qty - prod.produced, 0.0) AS remaining_qty,
                   CASE WHEN p.product_qty > 0
                        THEN LEAST(100.0, prod.produced * 100.0 / p.product_qty)
                        ELSE 0.0 END AS progress,
                   COALESCE(req.qty, 0.0) AS required_component_qty,
                   COALESCE(fl.issued, 0.0) AS issued_component_qty,
                   COALESCE(fl.consumed, 0.0) AS consumed_component_qty,
                   COALESCE(fl.returned, 0.0) AS returned_component_qty,
                   cur.id AS current_workorder_id,
                   cur.workcenter_id AS current_workcenter_id,
                   COALESCE(ops.total, 0) AS operation_count,
                   COALESCE(ops.done, 0) AS operation_done_count,
                   (p.date_deadline < (NOW() AT TIME ZONE 'UTC')
                    OR p.date_finished < (NOW() AT TIME ZONE 'UTC')) IS TRUE
                       AS is_late,
                   COALESCE(p.factory_released, FALSE) AS released
            """
        )

    def _from(self):
        return SQL(
            """
              FROM mrp_production p
         LEFT JOIN stock_picking_type spt ON spt.id = p.picking_type_id
         LEFT JOIN LATERAL (
                SELECT wo.id, wo.qty_produced
                  FROM mrp_workorder wo
                 WHERE wo.production_id = p.id AND wo.state != 'cancel'
              ORDER BY wo.sequence DESC, wo.id DESC
                 LIMIT 1
               ) last ON TRUE
         LEFT JOIN LATERAL (
                SELECT wo.id, wo.workcenter_id
                  FROM mrp_workorder wo
                 WHERE wo.production_id = p.id
                   AND wo.state NOT IN ('done', 'cancel')
              ORDER BY wo.sequence, wo.id
                 LIMIT 1
               ) cur ON TRUE
         LEFT JOIN (
                SELECT production_id, COUNT(*) AS total,
                       COUNT(*) FILTER (WHERE state = 'done') AS done
                  FROM mrp_workorder
                 WHERE state != 'cancel'
              GROUP BY production_id
               ) ops ON ops.production_id = p.id
         LEFT JOIN (
                SELECT production_id, SUM(scrap_qty) AS scrapped
                  FROM factory_production_report
                 WHERE state = 'done'
              GROUP BY production_id
               ) rep ON rep.production_id = p.id
         LEFT JOIN LATERAL (
                SELECT CASE WHEN last.id IS NULL THEN COALESCE((
                           SELECT SUM(ml.quantity_product_uom)
                             FROM stock_move m
                             JOIN stock_move_line ml ON ml.move_id = m.id
                            WHERE m.production_id = p.id
                              AND m.product_id = p.product_id
                              AND m.state = 'done'), 0.0)
                       ELSE GREATEST(COALESCE(last.qty_produced, 0.0), COALESCE((
                           SELECT SUM(r.good_qty)
                             FROM factory_production_report r
                            WHERE r.workorder_id = last.id
                              AND r.state = 'done'), 0.0))
                       END AS produced
               ) prod ON TRUE
         LEFT JOIN (
                SELECT raw_material_production_id AS production_id,
                       SUM(product_qty) AS qty
                  FROM stock_move
                 WHERE raw_material_production_id IS NOT NULL
                   AND state != 'cancel'
              GROUP BY raw_material_production_id
               ) req ON req.production_id = p.id
         LEFT JOIN (
                SELECT production_id, SUM(issued) AS issued,
                       SUM(consumed) AS consumed, SUM(returned) AS returned
                  FROM flows
              GROUP BY production_id
               ) fl ON fl.production_id = p.id
            """
        )

    def _where(self):
        return SQL("WHERE p.state IN %s", _in(OPEN_PRODUCTION_STATES))


class FactoryMrpWorkcenterLoad(models.Model):
    """Work center load: the queue of open work orders of each work center
    and the expected time left (expected minus recorded duration)."""

    _name = "factory.mrp.workcenter.load"
    _description = "Work Center Load"
    _auto = False
    _rec_name = "workcenter_id"
    _order = "load_hours desc, workcenter_id"
    _depends = {
        "mrp.workorder": [
            "workcenter_id",
            "state",
            "duration_expected",
            "duration",
        ],
        "mrp.workcenter": ["resource_calendar_id", "company_id", "active"],
    }

    workcenter_id = fields.Many2one("mrp.workcenter", "Work Center", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    queue_count = fields.Integer("In Queue", readonly=True)
    ready_count = fields.Integer("Ready", readonly=True)
    waiting_count = fields.Integer("Waiting", readonly=True)
    progress_count = fields.Integer("In Progress", readonly=True)
    remaining_minutes = fields.Float("Minutes Left", digits=(16, 1), readonly=True)
    load_hours = fields.Float("Load (Hours)", digits=(16, 2), readonly=True)
    load_days = fields.Float(
        "Load (Days)",
        digits=(16, 2),
        readonly=True,
        help="Hours left over the work center's working hours per day.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT wc.id, wc.id AS workcenter_id, wc.company_id,
                   COUNT(wo.id) AS queue_count,
                   COUNT(wo.id) FILTER (WHERE wo.state = 'ready') AS ready_count,
                   COUNT(wo.id) FILTER (WHERE wo.state IN ('pending', 'waiting'))
                       AS waiting_count,
                   COUNT(wo.id) FILTER (WHERE wo.state = 'progress')
                       AS progress_count,
                   COALESCE(SUM(GREATEST(wo.duration_expected
                                         - COALESCE(wo.duration, 0.0), 0.0)), 0.0)
                       AS remaining_minutes,
                   COALESCE(SUM(GREATEST(wo.duration_expected
                                         - COALESCE(wo.duration, 0.0), 0.0)), 0.0)
                       / 60.0 AS load_hours,
                   COALESCE(SUM(GREATEST(wo.duration_expected
                                         - COALESCE(wo.duration, 0.0), 0.0)), 0.0)
                       / 60.0 / COALESCE(NULLIF(rc.hours_per_day, 0.0), 8.0)
                       AS load_days
              FROM mrp_workcenter wc
         LEFT JOIN resource_calendar rc ON rc.id = wc.resource_calendar_id
         LEFT JOIN mrp_workorder wo ON wo.workcenter_id = wc.id
                                   AND wo.state IN %s
             WHERE wc.active
          GROUP BY wc.id, wc.company_id, rc.hours_per_day
            """,
            _in(OPEN_WORKORDER_STATES),
        )
