"""Barcode resolution and the look-up of the mobile barcode view: what a
scanned code is (material, lot, location, transfer, GS1 code) and where a
material lies, in the calling user's warehouses."""

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    # Resolving barcodes ---------------------------------------------------
    @api.model
    def _resolve(self, barcode, product=None):
        """What ``barcode`` designates: a dict with ``type`` in product, lot,
        location, picking, gs1 (product, lot name, qty, expiry), or None.
        Exact matches win over a GS1 decomposition. ``product`` (waiting for
        its lot) makes its own lot names win over other products' lots."""
        company = self.env.company
        Product = self.env["product.product"]
        if product:
            lot = self.env["stock.lot"].search(
                [("name", "=", barcode), ("product_id", "=", product.id)], limit=1
            )
            if lot:
                return {"type": "lot", "lot": lot, "product": product}
        # one query; a barcode match wins over an internal reference match
        matches = Product.search(
            ["|", ("barcode", "=", barcode), ("default_code", "=", barcode)]
        )
        found = matches.filtered(lambda p: p.barcode == barcode)[:1] or matches[:1]
        if found:
            return {"type": "product", "product": found}
        location = self.env["stock.location"].search(
            [("barcode", "=", barcode), ("company_id", "in", (company.id, False))],
            limit=1,
        )
        if location:
            return {"type": "location", "location": location}
        lots = self.env["stock.lot"].search([("name", "=", barcode)], limit=2)
        if lots:
            return {"type": "lot", "lot": lots[0], "product": lots[0].product_id}
        picking = self.env["stock.picking"].search([("name", "=", barcode)], limit=1)
        if picking:
            return {"type": "picking", "picking": picking}
        return self._resolve_gs1(barcode)

    @api.model
    def _resolve_gs1(self, barcode):
        nomenclature = self.env.company.nomenclature_id
        if not nomenclature.is_gs1_nomenclature:
            return None
        try:
            parts = nomenclature.parse_barcode(barcode)
        except (UserError, ValidationError, ValueError):
            return None
        if not isinstance(parts, list) or not parts:
            return None
        values = {part["type"]: part["value"] for part in parts}
        result = {"type": "gs1", "lot_name": values.get("lot")}
        if values.get("quantity"):
            result["qty"] = float(values["quantity"])
        if values.get("expiration_date"):
            result["expiry"] = values["expiration_date"]
        gtin = values.get("product")
        if gtin:
            candidates = {gtin, gtin.lstrip("0")}
            if gtin.startswith("0"):
                candidates.add(gtin[1:])  # GTIN-14 of an EAN-13
            product = self.env["product.product"].search(
                [("barcode", "in", list(candidates))], limit=1
            )
            if not product:
                raise UserError(
                    self.env._("No product has the GTIN %(gtin)s.", gtin=gtin)
                )
            result["product"] = product
        elif result["lot_name"]:
            lot = self.env["stock.lot"].search(
                [("name", "=", result["lot_name"])], limit=1
            )
            result["product"] = lot.product_id
        if not result.get("product"):
            return None
        return result

    @api.model
    def _unknown(self, barcode):
        return UserError(self.env._("Unknown barcode %(barcode)s.", barcode=barcode))

    @api.model
    def _check_in_warehouse(self, location, warehouse, inside=None):
        """Refuse a location outside ``warehouse`` (or outside ``inside``)."""
        if location.warehouse_id != warehouse or location.usage not in (
            "internal",
            "transit",
        ):
            raise UserError(
                self.env._(
                    "%(location)s is outside the warehouse %(warehouse)s.",
                    location=location.display_name,
                    warehouse=warehouse.name,
                )
            )
        if inside and not any(location._child_of(loc) for loc in inside):
            raise UserError(
                self.env._(
                    "%(location)s is not a location of this operation (%(allowed)s).",
                    location=location.display_name,
                    allowed=", ".join(inside.mapped("display_name")),
                )
            )

    # Look-up -------------------------------------------------------------
    @api.model
    def lookup(self, barcode):
        """What and how much is where, for a product, lot, location or
        transfer; only what the user's record rules let him see."""
        self._check_operation("lookup")
        barcode = self._rpc_text(barcode).strip()
        found = self._resolve(barcode) if barcode else None
        if not found:
            return {"ok": False, "message": str(self._unknown(barcode).args[0])}
        Quant = self.env["stock.quant"]
        domain = [("location_id.usage", "=", "internal")]
        kind = found["type"]
        if kind == "picking":
            picking = found["picking"]
            picking.check_access("read")
            return {
                "ok": True,
                "kind": kind,
                "title": picking.name,
                "subtitle": picking.picking_type_id.display_name,
                "rows": [
                    {
                        "product": line.product_id.display_name,
                        "lot": line.lot_id.name or line.lot_name or "",
                        "location": line.location_id.display_name,
                        "quantity": float_round(
                            line.quantity_product_uom,
                            precision_rounding=line.product_id.uom_id.rounding,
                        ),
                        "reserved": 0.0,
                        "uom": line.product_id.uom_id.name,
                    }
                    for line in picking.move_line_ids
                ],
            }
        if kind == "location":
            domain.append(("location_id", "child_of", found["location"].id))
            title = found["location"].display_name
        elif kind == "lot" or (kind == "gs1" and found.get("lot_name")):
            lot = found.get("lot") or self.env["stock.lot"].search(
                [
                    ("name", "=", found["lot_name"]),
                    ("product_id", "=", found["product"].id),
                ],
                limit=1,
            )
            domain.append(("lot_id", "=", lot.id))
            title = f"{lot.name} · {lot.product_id.display_name}"
        else:
            domain.append(("product_id", "=", found["product"].id))
            title = found["product"].display_name
        quants = Quant.search(domain, order="location_id, lot_id", limit=200)
        quants = quants.filtered(
            lambda q: float_compare(
                q.quantity, 0, precision_rounding=q.product_uom_id.rounding
            )
        )
        rows = [
            {
                "product": quant.product_id.display_name,
                "lot": quant.lot_id.name or "",
                "location": quant.location_id.display_name,
                "quantity": float_round(
                    quant.quantity, precision_rounding=quant.product_uom_id.rounding
                ),
                "reserved": float_round(
                    quant.reserved_quantity,
                    precision_rounding=quant.product_uom_id.rounding,
                ),
                "uom": quant.product_uom_id.name,
            }
            for quant in quants
        ]
        result = {
            "ok": True,
            "kind": kind,
            "title": title,
            "subtitle": "",
            "rows": rows,
            "totals": self._lookup_totals(quants),
        }
        if len(result["totals"]) == 1:
            # one unit: its total is a number (kg and m never add up)
            result["total"] = result["totals"][0]["quantity"]
        return result

    @api.model
    def _lookup_totals(self, quants):
        """[{uom, quantity}] of ``quants``, one per unit, rounded to it."""
        sums = {}
        for quant in quants:
            uom = quant.product_uom_id
            sums[uom] = sums.get(uom, 0.0) + quant.quantity
        return [
            {
                "uom": uom.name,
                "quantity": float_round(qty, precision_rounding=uom.rounding),
            }
            for uom, qty in sums.items()
        ]
