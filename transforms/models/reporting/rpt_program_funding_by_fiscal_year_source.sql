-- Programs, funded spaces and annual awards by state fiscal year, funding source and the program's
-- setting (its current version), after disclosure control. ANY_STATE = programs with any state
-- source (CDC, SR, SS, SHS or ESCT: state-funded, metrics.md), ANY = programs with any funding row.
-- Programs blend sources, so the sources do not add up; within a source the settings do. The sums
-- of spaces and awards are published only with the program count they rest on (so they are
-- withheld exactly where the counts are, and cannot be recovered by subtraction either); a sum of
-- spaces from 1 to k - 1 is withheld as a small count (too_few). From
-- fiscal 2026 Early Start CT (ESCT) replaces CDC, SR and SHS (dim_funding_sources: last and first
-- fiscal years).
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_program_funding_by_fiscal_year_source'
),

funding as (
    select * from marts.fct_program_funding
),

current_programs as (
    select program_id, setting_code from marts.dim_programs where is_current
),

funding_sources as (
    select * from marts.dim_funding_sources
),

rules as (
    select * from staging.stg_publishing_rules
),

label_rows as (
    select funding_source_code as row_key, funding_source_code as funding_key, funding_source_name, is_state_funding,
        first_fiscal_year, last_fiscal_year
    from funding_sources
    union all
    select 'ANY_STATE', null, 'Any state source (state-funded)', true, null, null
    union all
    select 'ANY', null, 'Any funding source', null, null, null
),

sum_amounts as (
    select
        f.fiscal_year,
        s.row_key,
        case when grouping(p.setting_code) = 1 then 'ALL' else p.setting_code end as setting_code,
        sum(f.funded_space_count) as funded_space_count,
        sum(f.annual_award_usd) as annual_award_usd
    from funding f
    join current_programs p using (program_id)
    join label_rows s
        on s.funding_key = f.funding_source_code
        or (s.row_key = 'ANY_STATE' and f.is_state_funding)
        or s.row_key = 'ANY'
    group by grouping sets ((f.fiscal_year, s.row_key, p.setting_code), (f.fiscal_year, s.row_key))
),

final as (
    select
        c.partition_key::integer as fiscal_year,
        c.row_key as funding_source_code,
        l.funding_source_name,
        l.is_state_funding,
        l.first_fiscal_year::integer as first_fiscal_year,
        l.last_fiscal_year::integer as last_fiscal_year,
        c.column_key as setting_code,
        c.cell_count::integer as program_count,
        c.suppression_reason_code as program_count_suppression_reason_code,
        case
            when c.cell_count > 0 and not too_few_count(a.funded_space_count, r.min_cell_count)
                then a.funded_space_count::integer
        end as funded_space_count,
        case
            when c.is_suppressed then c.suppression_reason_code
            when c.cell_count = 0 or a.funded_space_count is null then 'no_data'
            when too_few_count(a.funded_space_count, r.min_cell_count) then 'too_few'
        end as funded_space_count_suppression_reason_code,
        case when c.cell_count > 0 then round(a.annual_award_usd, 0)::double end as annual_award_usd,
        case
            when c.is_suppressed then c.suppression_reason_code
            when c.cell_count = 0 or a.annual_award_usd is null then 'no_data'
        end as annual_award_usd_suppression_reason_code
    from cells c
    join label_rows l on l.row_key = c.row_key
    cross join rules r
    left join sum_amounts a
        on a.fiscal_year = c.partition_key::integer and a.row_key = c.row_key and a.setting_code = c.column_key
)

select * from final
