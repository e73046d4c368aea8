# shape: wkgsh:Site-siteOf
# focus: id:wco-headquarters
# path: org:siteOf
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a site that says nothing of whose site it is
DELETE { GRAPH ?g { id:wco-headquarters ?p ?o } }
WHERE {
  VALUES ?p { org:siteOf }
  GRAPH ?g { id:wco-headquarters ?p ?o }
} ;
