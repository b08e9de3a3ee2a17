-- Funding sources from the reference table (transforms/seeds/funding_sources.csv).
with funding_sources as (
    select * from seeds.funding_sources
),

final as (
    select
        funding_source_code,
        funding_source_name,
        first_fiscal_year,
        last_fiscal_year,
        is_state_funded = 'Y' as is_state_funding,
        is_federal = 'Y' as is_federal_funding,
        funding_source_code in ('HS', 'EHS') as is_head_start_funding,
        description as funding_source_description,
        source as reference_source,
        as_of as reference_as_of_date
    from funding_sources
)

select * from final
