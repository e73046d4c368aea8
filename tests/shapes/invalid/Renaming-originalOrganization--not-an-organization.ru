# shape: wkgsh:Renaming-originalOrganization
# focus: id:wco-renaming-1994
# path: org:originalOrganization
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a renaming of the establishment event instead of an organization
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?old } }
INSERT { GRAPH ?g { id:wco-renaming-1994 ?p id:wco-establishment } }
WHERE {
  VALUES ?p { org:originalOrganization }
  GRAPH ?g { id:wco-renaming-1994 ?p ?old }
} ;
