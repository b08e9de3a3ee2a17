-- Benefits coverage (metrics.md, "Compensation") of the active workforce on every snapshot date, by
-- role of the primary spell: of the members whose primary spell has a pay record in force, the share
-- with employer health insurance and the share with a retirement plan (as the pay record reports
-- them). The four combinations are counted and suppressed per the publishing rules; a share is
-- published only on a denominator of at least 2k with neither its numerator nor the rest 1 to k - 1,
-- and only when no count of its row was withheld (otherwise a share could give a withheld cell away).
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
        bool_or(is_suppressed) as is_any_count_suppressed
    from cells
    group by partition_key, row_key
),

sum_benefits as (
    select
        partition_key::date as snapshot_date,
        row_key as role_code,
        max(cell_count) filter (where column_key = 'ALL') as total,
        sum(cell_count) filter (where column_key in ('BOTH', 'HEALTH_INSURANCE_ONLY')) as with_health,
        sum(cell_count) filter (where column_key in ('BOTH', 'RETIREMENT_PLAN_ONLY')) as with_retirement
    from unsuppressed_cells
    group by partition_key, row_key
),

apply_share_rule as (
    select
        s.snapshot_date,
        s.role_code,
        case when s.total > 0 then s.with_health / s.total end as health_share,
        case when s.total > 0 then s.with_retirement / s.total end as retirement_share,
        case
            when s.total = 0 then 'no_data'
            when too_few_share(s.with_health, s.total, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as health_rule_reason_code,
        case
            when s.total = 0 then 'no_data'
            when too_few_share(s.with_retirement, s.total, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as retirement_rule_reason_code
    from sum_benefits s
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
            when a.health_rule_reason_code is null and not p.is_any_count_suppressed
                then round(a.health_share, 4)
        end as health_insurance_pct,
        coalesce(
            a.health_rule_reason_code,
            case when p.is_any_count_suppressed then 'complementary' end
        ) as health_insurance_pct_suppression_reason_code,
        case
            when a.retirement_rule_reason_code is null and not p.is_any_count_suppressed
                then round(a.retirement_share, 4)
        end as retirement_plan_pct,
        coalesce(
            a.retirement_rule_reason_code,
            case when p.is_any_count_suppressed then 'complementary' end
        ) as retirement_plan_pct_suppression_reason_code
    from pivot_counts p
    join apply_share_rule a using (snapshot_date, role_code)
)

select * from final
