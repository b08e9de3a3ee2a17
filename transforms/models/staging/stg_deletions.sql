-- Records the registry deleted (delta extracts); their raw versions already end on the delta's as-of date.
with deletions as (
    select * from raw.deletions where _valid_to is null
),

final as (
    select
        entity as entity_name,
        record_id,
        deleted_at,
        _extract_id as extract_id,
        _valid_from as extract_as_of_date
    from deletions
)

select * from final
