/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_stock/tests/test_board_tour.py as a warehouse clerk
// on a phone-sized viewport, at /odoo/factory-stock-board.
const CODE = "TOUR-MAT-001";
const CARD = ".o_kanban_record:not(.o_kanban_ghost)";

registry.category("web_tour.tours").add("factory_stock_board_tour", {
    steps: () => [
        {
            content: "On a phone the board opens in kanban, with more than our material",
            trigger: `.o_kanban_view ${CARD}:contains(TOUR-NUT-002)`,
        },
        {
            content: "Show the search bar (hidden behind a toggle on small screens)",
            isActive: ["mobile"],
            trigger: ".o_control_panel_navigation button:has(.fa-search)",
            run: "click",
        },
        {
            content: "Type the material code",
            trigger: ".o_searchview_input",
            run: `edit ${CODE}`,
        },
        {
            content: "Search it in material name, code and specification",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: `.o_searchview_facet:contains(${CODE})`,
        },
        {
            content: "Exactly one card: the material in the clerk's own warehouse",
            trigger: `.o_kanban_view ${CARD}:only:contains(${CODE}):contains(0805 10k 1%):contains(Tour Main Store)`,
        },
        {
            content: "Open its quants",
            trigger: `${CARD}:contains(${CODE}) button[name=action_open_quants]`,
            run: "click",
        },
        {
            content: "Quants are grouped by location: both bins, nothing of the other warehouse",
            trigger: [
                ".o_list_view",
                ":has(.o_group_name:contains(TOURA/Stock/Bin A))",
                ":has(.o_group_name:contains(TOURA/Stock/Bin B))",
                ":not(:has(.o_group_name:contains(TOURB)))",
            ].join(""),
        },
        {
            content: "Unfold Bin B",
            trigger: ".o_group_header:contains(TOURA/Stock/Bin B)",
            run: "click",
        },
        {
            content: "Its row shows the material and its quantity",
            trigger: [
                ".o_list_view .o_data_row",
                ":has(td[name=location_id]:contains(TOURA/Stock/Bin B))",
                `:has(td[name=product_id]:contains(${CODE}))`,
                ":has(td[name=quantity]:contains(20.00))",
            ].join(""),
        },
    ],
});
