-- Program funding by state fiscal year, with what each source means for the state-funded rule.
with funding as (
    select * from staging.stg_program_funding
),

funding_sources as (
    select * from marts.dim_funding_sources
),

final as (
    select
        f.program_id,
        f.funding_source_code,
        f.fiscal_year,
        f.fiscal_year_start_date,
        f.fiscal_year_end_date,
        coalesce(s.is_state_funding, false) as is_state_funding,
        coalesce(s.is_head_start_funding, false) as is_head_start_funding,
        f.funded_space_count,
        f.annual_award_usd
    from funding f
    left join funding_sources s using (funding_source_code)
)

select * from final
