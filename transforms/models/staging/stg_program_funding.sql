-- Current funding rows: one per program, funding source and state fiscal year.
with funding as (
    select * from raw.program_funding where _valid_to is null
),

final as (
    select
        program_id,
        funding_source as funding_source_code,
        fiscal_year,
        make_date(fiscal_year - 1, 7, 1) as fiscal_year_start_date,
        make_date(fiscal_year, 6, 30) as fiscal_year_end_date,
        funded_spaces as funded_space_count,
        award_usd as annual_award_usd
    from funding
)

select * from final
