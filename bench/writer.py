"""The rows of the history: what Odoo writes for a transfer, a move, its move
lines, a lot or serial, a scrap and a valuation layer (standard cost, FIFO
``remaining_qty`` consumed as Odoo does), with their ids and sequence names.
``history.py`` decides the documents; this module only writes them.
"""

from tables import (
    ADMIN_UID,
    LINE_COLS,
    LOT_COLS,
    MOVE_COLS,
    PICKING_COLS,
    SCRAP_COLS,
    SVL_COLS,
    Table,
    next_id,
)


def sequence_name(seq, n):
    """Name number ``n`` of the ``ir.sequence`` ``seq`` gives."""
    return f"{seq.prefix or ''}{n:0{seq.padding}d}"


class Writer:
    """Buffers the history's rows in COPY tables, allocates their ids and
    sequence numbers, and sets the sequences after them when finished."""

    def __init__(self, env, master):
        self.env, self.cr, self.m = env, env.cr, master
        cr = self.cr
        self.pickings = Table(cr, "stock_picking", PICKING_COLS, 5000)
        self.lots = Table(cr, "stock_lot", LOT_COLS, 5000)
        self.scraps = Table(cr, "stock_scrap", SCRAP_COLS, 5000, [self.lots])
        self.moves = Table(
            cr, "stock_move", MOVE_COLS, parents=[self.pickings, self.scraps]
        )
        self.lines = Table(
            cr, "stock_move_line", LINE_COLS, parents=[self.moves, self.lots]
        )
        self.svls = Table(cr, "stock_valuation_layer", SVL_COLS, parents=[self.moves])
        self.move_id = next_id(cr, "stock_move")
        self.picking_id = next_id(cr, "stock_picking")
        self.lot_id = next_id(cr, "stock_lot")
        self.scrap_id = next_id(cr, "stock_scrap")
        self.company = master["company"]
        # valuation layers, written at the end: [move id, product, quantity,
        # unit cost, value, remaining quantity, remaining value, description, date]
        self.svl_rows = []
        # FIFO candidates: product id -> indexes in svl_rows of the incoming
        # layers with a remaining quantity, oldest first
        self.layers = {}
        self.seq_next = {}  # picking type id -> next number of its sequence
        self.scrap_seq = env["ir.sequence"].search(
            [("code", "=", "stock.scrap")], limit=1
        )
        self.scrap_next = self.scrap_seq.number_next_actual
        self.lot_seq = 0
        self.done_moves = 0

    # ids and names ---------------------------------------------------------
    def picking_name(self, ptype):
        n = self.seq_next.get(ptype.id)
        if n is None:
            n = ptype.sequence_id.number_next_actual
        self.seq_next[ptype.id] = n + 1
        return sequence_name(ptype.sequence_id, n)

    def next_picking(self, ptype):
        """Id and name of the next transfer of ``ptype``: the name is used up,
        as in Odoo, the id only when ``write_picking`` writes it."""
        return self.picking_id, self.picking_name(ptype)

    # rows ------------------------------------------------------------------
    def new_lot(self, product, when):
        self.lot_seq += 1
        lot_id = self.lot_id
        self.lot_id += 1
        prefix = "SN" if product["tracking"] == "serial" else "LOT"
        name = f"{prefix}{self.lot_seq:08d}"
        self.lots.add(
            lot_id,
            product["id"],
            product["uom"],
            self.company,
            ADMIN_UID,
            ADMIN_UID,
            name,
            when,
            when,
        )
        return lot_id, name

    def write_scrap(self, product, lot, bin_id, qty, when):
        """A done scrap of ``qty`` from ``bin_id``; return its id and name (its
        move is written by ``write_move``)."""
        scrap_id = self.scrap_id
        self.scrap_id += 1
        name = sequence_name(self.scrap_seq, self.scrap_next)
        self.scrap_next += 1
        self.scraps.add(
            scrap_id,
            self.company,
            product["id"],
            product["uom"],
            lot,
            bin_id,
            self.m["loc_scrap"],
            ADMIN_UID,
            ADMIN_UID,
            name,
            None,
            "done",
            qty,
            None,
            when,
            when,
            when,
        )
        return scrap_id, name

    def write_move(
        self,
        product,
        src,
        dst,
        when,
        lines,
        *,
        picking=None,
        ptype=None,
        partner=None,
        name=None,
        origin=None,
        reference=None,
        scrap=None,
        is_inventory=False,
        state="done",
        valued=0,
        demand=None,
    ):
        """A move and its move lines ``[(src, dst, lot, lot name, qty)]``.
        A done move is valued when ``valued`` is 1 (in) or -1 (out); an open
        one asks for ``demand``, of which its lines are the reserved part."""
        move_id = self.move_id
        self.move_id += 1
        qty = sum(q for _s, _d, _lot, _ln, q in lines) if lines else None
        if state != "done":
            qty = lines and qty or 0
        demand = demand if state != "done" else qty
        self.moves.add(
            move_id,
            10,
            self.company,
            product["id"],
            product["uom"],
            src,
            dst,
            partner,
            picking,
            scrap,
            ptype.id if ptype else None,
            None,
            ADMIN_UID,
            ADMIN_UID,
            name or product["display"],
            "0",
            state,
            origin,
            "make_to_stock",
            reference,
            demand,
            demand,
            qty,
            state == "done",
            dst == self.m["loc_scrap"],
            True,
            is_inventory or None,
            False,
            when,
            when,
            when,
            when[:10] if picking else None,
            product["name"] if picking else None,
        )
        line_state = "done" if state == "done" else "assigned"
        for l_src, l_dst, lot, lot_name, q in lines:
            self.lines.add(
                picking,
                move_id,
                self.company,
                product["id"],
                product["uom"],
                lot,
                l_src,
                l_dst,
                ADMIN_UID,
                ADMIN_UID,
                lot_name,
                line_state,
                reference,
                q,
                q,
                state == "done",
                when,
                when,
                when,
            )
        if valued and state == "done":
            self.svl(move_id, product, valued * qty, reference, when)
        if state == "done":
            self.done_moves += 1
        return move_id

    def write_picking(
        self, picking_id, ptype, src, dst, partner, name, origin, when, state="done"
    ):
        """The transfer ``next_picking`` gave ``picking_id``, once it has moves."""
        self.picking_id = picking_id + 1
        self.pickings.add(
            picking_id,
            src,
            dst,
            ptype.id,
            partner,
            self.company,
            ADMIN_UID,
            ADMIN_UID,
            ADMIN_UID,
            name,
            origin,
            "direct",
            state,
            "0",
            False,
            None,
            True,
            when,
            when,
            when if state == "done" else None,
            when,
            when,
        )

    # valuation -------------------------------------------------------------
    def svl(self, move_id, product, qty, reference, when):
        price = product["price"]
        value = round(qty * price, 2)
        desc = f"{reference} - {product['name']}" if reference else product["name"]
        if qty > 0:
            idx = len(self.svl_rows)
            self.svl_rows.append(
                [move_id, product, qty, price, value, qty, value, desc, when]
            )
            self.layers.setdefault(product["id"], []).append(idx)
        else:
            need = -qty
            queue = self.layers.get(product["id"], [])
            while need > 0 and queue:
                row = self.svl_rows[queue[0]]
                part = min(need, row[5])
                row[5] -= part
                row[6] = round(row[6] - round(part * row[3], 2), 2)
                need -= part
                if row[5] <= 0:
                    queue.pop(0)
            remaining = -need if need > 0 else 0
            self.svl_rows.append(
                [move_id, product, qty, price, value, remaining, None, desc, when]
            )

    def flush_svls(self):
        for (
            move_id,
            product,
            qty,
            price,
            value,
            rem,
            rem_value,
            desc,
            when,
        ) in self.svl_rows:
            self.svls.add(
                self.company,
                product["id"],
                self.m["category"],
                move_id,
                ADMIN_UID,
                ADMIN_UID,
                desc,
                qty,
                price,
                value,
                rem,
                rem_value,
                when,
                when,
            )
        self.svls.flush()

    # end -------------------------------------------------------------------
    def flush_if_full(self):
        self.lines.flush_if_full()
        self.moves.flush_if_full()

    def flush(self):
        for table in (self.lots, self.pickings, self.scraps, self.moves, self.lines):
            table.flush()
        self.flush_svls()

    def finish(self):
        """Sequences continue after the history; ids after the inserted rows."""
        for table in (
            "stock_move",
            "stock_move_line",
            "stock_valuation_layer",
            "stock_picking",
            "stock_lot",
            "stock_scrap",
        ):
            self.cr.execute(
                f"SELECT setval('{table}_id_seq',"
                f" GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
        for ptype_id, n in self.seq_next.items():
            self.env["stock.picking.type"].browse(ptype_id).sequence_id.write(
                {"number_next": n}
            )
        self.scrap_seq.write({"number_next": self.scrap_next})
