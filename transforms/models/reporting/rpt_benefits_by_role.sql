-- Benefits coverage (metrics.md, "Compensation") of the active workforce on every snapshot date, by
-- role of the primary spell: the members whose primary spell has a pay record in force, by the
-- benefits that record reports (the four combinations, counted and suppressed per the publishing
-- rules), and the share of the role's active workforce (rpt_workforce_by_setting_role, all settings)
-- with employer health insurance and with a retirement plan (a member without a pay record counts as
-- not reported: 3 of 5,928 teachers on the simulated latest date). A share is published only on a
-- denominator of at least 2k with neither its numerator nor the rest 1 to k - 1, and only when the
-- workforce count and the counts its numerator sums are published: it then gives nothing away that
-- the published counts do not (with the people who have a pay record as the denominator, a withheld
-- count of them - withheld because the workforce table leaves a small rest without one - would be
-- found from the share).
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_benefits_by_role'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_benefits_by_role'
),

rules as (
    select * from staging.stg_publishing_rules
),

-- The role's active workforce (all settings), as the workforce table publishes it.
workforce as (
    select
        c.partition_key::date as snapshot_date,
        c.column_key as role_code,
        u.cell_count as workforce_count,
        c.is_suppressed as is_workforce_count_suppressed
    from reporting.rpt_suppressed_cells_by_table c
    join marts.fct_publication_cells u using (table_name, partition_key, row_key, column_key)
    where c.table_name = 'rpt_workforce_by_setting_role' and c.row_key = 'ALL'
),

pivot_counts as (
    select
        partition_key::date as snapshot_date,
        row_key as role_code,
        max(cell_count) filter (where column_key = 'ALL') as people_count,
        max(suppression_reason_code) filter (where column_key = 'ALL') as people_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'BOTH') as both_benefits_count,
        max(suppression_reason_code) filter (where column_key = 'BOTH') as both_benefits_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'HEALTH_INSURANCE_ONLY') as health_insurance_only_count,
        max(suppression_reason_code) filter (where column_key = 'HEALTH_INSURANCE_ONLY')
            as health_insurance_only_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'RETIREMENT_PLAN_ONLY') as retirement_plan_only_count,
        max(suppression_reason_code) filter (where column_key = 'RETIREMENT_PLAN_ONLY')
            as retirement_plan_only_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'NEITHER') as no_benefits_count,
        max(suppression_reason_code) filter (where column_key = 'NEITHER') as no_benefits_count_suppression_reason_code,
        bool_or(is_suppressed) filter (where column_key in ('BOTH', 'HEALTH_INSURANCE_ONLY'))
            as is_health_count_suppressed,
        bool_or(is_suppressed) filter (where column_key in ('BOTH', 'RETIREMENT_PLAN_ONLY'))
            as is_retirement_count_suppressed
    from cells
    group by partition_key, row_key
),

sum_benefits as (
    select
        partition_key::date as snapshot_date,
        row_key as role_code,
        sum(cell_count) filter (where column_key in ('BOTH', 'HEALTH_INSURANCE_ONLY')) as with_health,
        sum(cell_count) filter (where column_key in ('BOTH', 'RETIREMENT_PLAN_ONLY')) as with_retirement
    from unsuppressed_cells
    group by partition_key, row_key
),

apply_share_rule as (
    select
        s.snapshot_date,
        s.role_code,
        w.is_workforce_count_suppressed,
        case when w.workforce_count > 0 then s.with_health / w.workforce_count end as health_share,
        case when w.workforce_count > 0 then s.with_retirement / w.workforce_count end as retirement_share,
        case
            when coalesce(w.workforce_count, 0) = 0 then 'no_data'
            when too_few_share(s.with_health, w.workforce_count, r.min_cell_count, r.min_share_denominator_multiple)
                then 'too_few'
        end as health_rule_reason_code,
        case
            when coalesce(w.workforce_count, 0) = 0 then 'no_data'
            when too_few_share(s.with_retirement, w.workforce_count, r.min_cell_count, r.min_share_denominator_multiple)
                then 'too_few'
        end as retirement_rule_reason_code
    from sum_benefits s
    left join workforce w using (snapshot_date, role_code)
    cross join rules r
),

final as (
    select
        p.snapshot_date,
        p.role_code,
        p.people_count,
        p.people_count_suppression_reason_code,
        p.both_benefits_count,
        p.both_benefits_count_suppression_reason_code,
        p.health_insurance_only_count,
        p.health_insurance_only_count_suppression_reason_code,
        p.retirement_plan_only_count,
        p.retirement_plan_only_count_suppression_reason_code,
        p.no_benefits_count,
        p.no_benefits_count_suppression_reason_code,
        case
            when a.health_rule_reason_code is null and not p.is_health_count_suppressed
                and not a.is_workforce_count_suppressed
                then round(a.health_share, 4)
        end as health_insurance_pct,
        coalesce(
            a.health_rule_reason_code,
            case when p.is_health_count_suppressed or a.is_workforce_count_suppressed then 'complementary' end
        ) as health_insurance_pct_suppression_reason_code,
        case
            when a.retirement_rule_reason_code is null and not p.is_retirement_count_suppressed
                and not a.is_workforce_count_suppressed
                then round(a.retirement_share, 4)
        end as retirement_plan_pct,
        coalesce(
            a.retirement_rule_reason_code,
            case when p.is_retirement_count_suppressed or a.is_workforce_count_suppressed then 'complementary' end
        ) as retirement_plan_pct_suppression_reason_code
    from pivot_counts p
    join apply_share_rule a using (snapshot_date, role_code)
)

select * from final
