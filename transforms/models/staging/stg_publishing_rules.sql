-- The parameters of the publishing rules (metrics.md, "Publishing rules"), from the reference table
-- transforms/seeds/publishing_rules.csv: the one place to change k.
with rules as (
    select * from seeds.publishing_rules
),

final as (
    select
        rule_set_code,
        min_cell_count::integer as min_cell_count,
        min_share_denominator_multiple::integer as min_share_denominator_multiple,
        min_wage_program_count::integer as min_wage_program_count,
        max_wage_program_share_pct::double as max_wage_program_share_pct,
        source
    from rules
    where rule_set_code = 'DEFAULT'
)

select * from final
