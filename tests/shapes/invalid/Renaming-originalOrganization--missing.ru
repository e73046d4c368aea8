# shape: wkgsh:Renaming-originalOrganization
# focus: id:wco-renaming-1994
# path: org:originalOrganization
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a renaming that does not say what was renamed
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?o } }
WHERE {
  VALUES ?p { org:originalOrganization }
  GRAPH ?g { id:wco-renaming-1994 ?p ?o }
} ;
