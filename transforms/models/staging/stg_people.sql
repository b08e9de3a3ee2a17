-- Current registry accounts, with the surviving account of merged duplicates.
with accounts as (
    select * from raw.people where _valid_to is null
),

merged as (
    -- Follow merged_into up to three hops (A -> B -> C); a cycle or a longer chain stays unresolved.
    select
        a.registry_id,
        case
            when a.member_status <> 'MERGED' then a.registry_id
            when b.member_status <> 'MERGED' then b.registry_id
            when c.member_status <> 'MERGED' then c.registry_id
            when d.member_status <> 'MERGED' then d.registry_id
        end as person_id
    from accounts a
    left join accounts b on b.registry_id = a.merged_into
    left join accounts c on c.registry_id = b.merged_into
    left join accounts d on d.registry_id = c.merged_into
),

final as (
    select
        a.registry_id,
        m.person_id,
        a.first_name,
        a.last_name,
        a.birth_date,
        a.email,
        a.home_town as home_town_name,
        a.home_state as home_state_code,
        a.gender as gender_code,
        a.race_ethnicity as race_ethnicity_code,
        a.primary_language as primary_language_code,
        a.joined_on as joined_date,
        a.member_status as member_status_code,
        a.merged_into,
        a.member_status = 'MERGED' as is_merged,
        a.updated_at
    from accounts a
    join merged m using (registry_id)
)

select * from final
