import { ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["role_code"],
  description: "One row per employment role code of the registry, with a display name and a role group.",
  columns: {
    role_code: "Role code as in the employment file.",
    role_name: "Display name.",
    role_group_name: "Teaching staff, Administration, Family child care or Other staff.",
    is_teaching_role: "Works directly with children in a teaching role.",
    display_order: "Order for tables and charts.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: ROLES },
    {
      type: "expression_is_true",
      name: "every_role_listed",
      expression: `(select count(*) from marts.dim_roles) = ${ROLES.length}`,
    },
  ],
});
