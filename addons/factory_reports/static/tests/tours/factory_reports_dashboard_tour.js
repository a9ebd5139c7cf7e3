/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_reports/tests/test_dashboard_tour.py as the
// Factory Manager at the management dashboard.
registry.category("web_tour.tours").add("factory_reports_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows its tiles, the dead stock valued",
            trigger: ".o_factory_dashboard_tile[data-tile=dead_stock] .o_factory_dashboard_value:not(:contains(—))",
        },
        {
            content: "Stock value by category as a pie, with its legend",
            trigger: ".o_factory_dashboard_categories .o_factory_dashboard_pie[style*=conic-gradient]",
        },
        {
            trigger: ".o_factory_dashboard_categories .o_factory_dashboard_pie_slice",
        },
        {
            content: "Count accuracy tile, top shortages and supplier bars",
            trigger: ".o_factory_dashboard_tile[data-tile=count_accuracy]",
        },
        {
            trigger: ".o_factory_dashboard_shortages h4",
        },
        {
            trigger: ".o_factory_dashboard_suppliers h4",
        },
        {
            trigger: ".o_factory_dashboard_months .o_factory_dashboard_column:eq(11)",
        },
        {
            content: "Open the dead stock",
            trigger: ".o_factory_dashboard_tile[data-tile=dead_stock]",
            run: "click",
        },
        {
            content: "The dead-stock list, filtered on dead, with the tour's material",
            trigger: ".o_list_view .o_data_row:contains(TOUR-DEAD-001)",
        },
        {
            trigger: ".o_searchview_facet",
        },
        {
            content: "Open the material's moves",
            trigger: ".o_data_row:contains(TOUR-DEAD-001) button[name=action_open_moves]",
            run: "click",
        },
        {
            content: "The moves of the material",
            trigger: ".o_list_view .o_data_row:contains(TOUR-DEAD-001)",
        },
    ],
});
