-- Connecticut's 169 towns with their legacy county, planning region and OEC region.
with towns as (
    select * from seeds.ct_towns
),

final as (
    select
        town_name,
        cousub_fips,
        town_geoid_2020,
        town_geoid_2022,
        county_fips,
        county_name,
        planning_region_fips,
        planning_region_name,
        oec_region as oec_region_name
    from towns
)

select * from final
