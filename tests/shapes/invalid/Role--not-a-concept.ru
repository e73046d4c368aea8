# shape: wkgsh:Role
# focus: id:role-secretary-general
# path: none
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a role that is not (also) a SKOS concept
DELETE WHERE { GRAPH ?g { id:role-secretary-general a skos:Concept } } ;
