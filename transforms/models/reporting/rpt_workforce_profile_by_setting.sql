-- The active workforce (metrics.md) on every June 30 from 2012 and on the latest as-of date, by one
-- characteristic at a time (dimension_code: age group served, race and ethnicity, primary language,
-- age band, highest award, the registry's career-ladder level, qualification level, state funding
-- of the program) and the setting of the primary spell, after disclosure control. people_pct is the
-- share of the setting's workforce in the category, published only on a denominator of at least 2k
-- with neither the category nor the rest 1 to k - 1, and when neither count it rests on was withheld.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_workforce_profile_by_setting'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_workforce_profile_by_setting'
),

dates as (
    select * from marts.dim_dates
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
        on t.partition_key = u.partition_key and t.column_key = u.column_key and t.row_key = 'ALL'
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
        dt.fiscal_year::integer as fiscal_year,
        split_part(c.partition_key, '/', 2) as dimension_code,
        c.row_key as category_code,
        c.column_key as setting_code,
        c.cell_count::integer as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code,
        case when a.share_reason_code is null then round(a.numerator / a.denominator, 4) end as people_pct,
        a.share_reason_code as people_pct_suppression_reason_code
    from cells c
    join apply_share_rule a using (partition_key, row_key, column_key)
    join dates dt on dt.calendar_date = split_part(c.partition_key, '/', 1)::date
)

select * from final
