-- Denied applications (metrics.md, Applications: an application with a DENIED event by the latest
-- as-of date; a later appeal does not erase the denial) by type, fiscal year of the application
-- and the reason of its first denial (NOT_RECORDED when the event gives none), after disclosure
-- control: the reasons sum to the year's denials (ALL), and that sum is protected. denial_pct is a
-- reason's share of the year's denials under the share rule.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_application_denials_by_fiscal_year_reason'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_application_denials_by_fiscal_year_reason'
),

rules as (
    select * from staging.stg_publishing_rules
),

find_denominators as (
    select
        u.partition_key,
        u.row_key,
        u.column_key,
        u.cell_count as numerator,
        t.cell_count as denominator,
        c.is_suppressed or ct.is_suppressed as is_count_suppressed
    from unsuppressed_cells u
    join unsuppressed_cells t
        on t.partition_key = u.partition_key and t.row_key = u.row_key and t.column_key = 'ALL'
    join cells c
        on c.partition_key = u.partition_key and c.row_key = u.row_key and c.column_key = u.column_key
    join cells ct
        on ct.partition_key = t.partition_key and ct.row_key = t.row_key and ct.column_key = t.column_key
),

apply_share_rule as (
    select
        d.*,
        case
            when d.denominator = 0 then 'no_data'
            when too_few_share(d.numerator, d.denominator, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
            when d.is_count_suppressed then 'complementary'
        end as share_reason_code
    from find_denominators d
    cross join rules r
),

final as (
    select
        split_part(c.partition_key, '/', 1)::date as snapshot_date,
        split_part(c.partition_key, '/', 2) as application_type_code,
        c.row_key::integer as fiscal_year,
        c.column_key as denial_reason_code,
        c.cell_count::integer as denied_count,
        c.suppression_reason_code as denied_count_suppression_reason_code,
        case when a.share_reason_code is null then round(a.numerator / a.denominator, 4) end as denial_pct,
        a.share_reason_code as denial_pct_suppression_reason_code
    from cells c
    join apply_share_rule a using (partition_key, row_key, column_key)
)

select * from final
