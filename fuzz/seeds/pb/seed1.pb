META
key;value
num_projects;3
num_votes;2
budget;1000.0
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;votes;selected
1;500.0;"Park; ""green"" benches";2;1
2;600;Library;1;0
10;250.50;;0;1

VOTES
voter_id;vote;age
v1;1,2;34
v2; 1 , 10 ;
