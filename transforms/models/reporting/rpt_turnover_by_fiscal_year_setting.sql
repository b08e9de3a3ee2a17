-- Turnover and leaving the field (metrics.md, "Workforce") by state fiscal year and setting of the program on July 1,
-- after disclosure control. Counted per member and program active on July 1 (marts.fct_turnover_fiscal_year).
-- turnover_pct = members no longer at the program on June 30 / members active there on July 1;
-- left_field_pct = members with no active spell anywhere on June 30 / the same denominator.
-- A share is published only when its denominator is at least 2k, neither its numerator nor the rest
-- is 1 to k - 1, and no count it rests on was withheld (then: complementary).
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_turnover_by_fiscal_year_setting'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_turnover_by_fiscal_year_setting'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        partition_key::integer as fiscal_year,
        row_key as setting_code,
        max(cell_count) filter (where column_key = 'ALL') as active_on_first_day_count,
        max(suppression_reason_code) filter (where column_key = 'ALL') as active_on_first_day_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'STAYED') as stayed_count,
        max(suppression_reason_code) filter (where column_key = 'STAYED') as stayed_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'ACTIVE_ELSEWHERE') as active_elsewhere_count,
        max(suppression_reason_code) filter (where column_key = 'ACTIVE_ELSEWHERE')
            as active_elsewhere_count_suppression_reason_code,
        max(cell_count) filter (where column_key = 'LEFT_FIELD') as left_field_count,
        max(suppression_reason_code) filter (where column_key = 'LEFT_FIELD') as left_field_count_suppression_reason_code,
        bool_or(is_suppressed) filter (where column_key in ('ALL', 'STAYED')) as is_turnover_count_suppressed,
        bool_or(is_suppressed) filter (where column_key in ('ALL', 'LEFT_FIELD')) as is_left_field_count_suppressed
    from cells
    group by partition_key, row_key
),

compute_shares as (
    select
        partition_key::integer as fiscal_year,
        row_key as setting_code,
        max(cell_count) filter (where column_key = 'ALL') as total,
        max(cell_count) filter (where column_key = 'ALL')
            - max(cell_count) filter (where column_key = 'STAYED') as left_program,
        max(cell_count) filter (where column_key = 'LEFT_FIELD') as left_field
    from unsuppressed_cells
    group by partition_key, row_key
),

apply_share_rule as (
    select
        s.fiscal_year,
        s.setting_code,
        case when s.total > 0 then s.left_program / s.total end as turnover_share,
        case when s.total > 0 then s.left_field / s.total end as left_field_share,
        case
            when s.total = 0 then 'no_data'
            when too_few_share(s.left_program, s.total, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as turnover_rule_reason_code,
        case
            when s.total = 0 then 'no_data'
            when too_few_share(s.left_field, s.total, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as left_field_rule_reason_code
    from compute_shares s
    cross join rules r
),

final as (
    select
        p.fiscal_year,
        p.setting_code,
        p.active_on_first_day_count,
        p.active_on_first_day_count_suppression_reason_code,
        p.stayed_count,
        p.stayed_count_suppression_reason_code,
        p.active_elsewhere_count,
        p.active_elsewhere_count_suppression_reason_code,
        p.left_field_count,
        p.left_field_count_suppression_reason_code,
        case
            when a.turnover_rule_reason_code is null and not p.is_turnover_count_suppressed
                then round(a.turnover_share, 4)
        end as turnover_pct,
        coalesce(
            a.turnover_rule_reason_code,
            case when p.is_turnover_count_suppressed then 'complementary' end
        ) as turnover_suppression_reason_code,
        case
            when a.left_field_rule_reason_code is null and not p.is_left_field_count_suppressed
                then round(a.left_field_share, 4)
        end as left_field_pct,
        coalesce(
            a.left_field_rule_reason_code,
            case when p.is_left_field_count_suppressed then 'complementary' end
        ) as left_field_suppression_reason_code
    from pivot_counts p
    join apply_share_rule a using (fiscal_year, setting_code)
)

select * from final
