"""Hand-written occupation taxonomy for the data generator (scripts/taxonomy/build_taxonomy.py).

Each occupation: id, industry, title variants, slug keywords (to mine real LinkedIn skills rows
whose job_link contains them), core skills (canonical names), duties (sentence fragments).
Occupations overlap in skills on purpose, the way real ones do.
"""

O = []


def occ(id, industry, titles, keywords, skills, duties):
    O.append(dict(id=id, industry=industry, titles=titles, keywords=keywords, skills=skills, duties=duties))


# Healthcare
occ("registered_nurse", "Healthcare", ["Registered Nurse", "RN", "Staff Nurse", "Registered Nurse - Med/Surg", "ICU Registered Nurse"],
    ["registered-nurse", "-rn-", "staff-nurse"],
    ["Patient Care", "Nursing", "Medication Administration", "BLS", "ACLS", "Electronic Health Records", "Patient Assessment", "Care Planning", "IV Therapy", "Wound Care", "Infection Control", "Epic"],
    ["administer medications and treatments", "assess patient conditions and document care in the EHR", "coordinate care plans with physicians", "educate patients and families on discharge plans"])
occ("licensed_practical_nurse", "Healthcare", ["Licensed Practical Nurse", "LPN", "LVN", "Charge Nurse LPN"],
    ["lpn", "licensed-practical", "lvn"],
    ["Patient Care", "Medication Administration", "Vital Signs", "BLS", "Wound Care", "Long-Term Care", "Documentation", "Infection Control"],
    ["monitor vital signs", "pass medications on schedule", "support residents with daily living", "report changes in condition to the RN"])
occ("nursing_assistant", "Healthcare", ["Certified Nursing Assistant", "CNA", "Patient Care Technician", "Nurse Aide"],
    ["nursing-assistant", "cna", "patient-care-tech", "nurse-aide"],
    ["Patient Care", "Vital Signs", "CPR", "Activities of Daily Living", "Patient Safety", "Infection Control", "Compassion"],
    ["help patients with bathing and mobility", "record intake and vital signs", "keep rooms clean and safe"])
occ("physician", "Healthcare", ["Physician", "Hospitalist", "Family Medicine Physician", "Internal Medicine Physician"],
    ["physician", "hospitalist", "md-"],
    ["Diagnosis", "Patient Care", "Internal Medicine", "Electronic Health Records", "Board Certification", "Clinical Research", "Epic"],
    ["diagnose and treat acute and chronic conditions", "lead multidisciplinary rounds", "supervise residents"])
occ("pharmacist", "Healthcare", ["Pharmacist", "Staff Pharmacist", "Clinical Pharmacist", "Pharmacy Manager"],
    ["pharmacist"],
    ["Pharmacy", "Medication Therapy Management", "Dispensing", "Immunizations", "Pharmacology", "Patient Counseling", "Inventory Management"],
    ["verify prescriptions for accuracy", "counsel patients on medication use", "administer immunizations"])
occ("pharmacy_technician", "Healthcare", ["Pharmacy Technician", "Certified Pharmacy Technician", "Pharmacy Tech"],
    ["pharmacy-tech"],
    ["Dispensing", "Pharmacy", "Customer Service", "Data Entry", "Inventory Management", "Insurance Billing", "Attention to Detail"],
    ["fill prescriptions under pharmacist supervision", "process insurance claims", "manage inventory"])
occ("physical_therapist", "Healthcare", ["Physical Therapist", "PT", "Outpatient Physical Therapist", "Travel Physical Therapist"],
    ["physical-therapist", "-pt-"],
    ["Physical Therapy", "Rehabilitation", "Patient Assessment", "Manual Therapy", "Therapeutic Exercise", "Documentation", "Patient Education"],
    ["evaluate patients and design treatment plans", "deliver manual therapy and exercise programs", "track functional outcomes"])
occ("medical_assistant", "Healthcare", ["Medical Assistant", "Clinical Medical Assistant", "Certified Medical Assistant"],
    ["medical-assistant"],
    ["Vital Signs", "Phlebotomy", "Electronic Health Records", "Scheduling", "Patient Care", "Medical Terminology", "Customer Service"],
    ["room patients and take histories", "draw blood and collect specimens", "schedule appointments"])
occ("dental_hygienist", "Healthcare", ["Dental Hygienist", "Registered Dental Hygienist", "RDH"],
    ["dental-hygienist", "rdh"],
    ["Dental Hygiene", "Periodontal Therapy", "Radiography", "Patient Education", "Infection Control", "Dentrix"],
    ["perform cleanings and periodontal assessments", "take dental radiographs", "teach oral hygiene"])
occ("medical_coder", "Healthcare", ["Medical Coder", "Certified Professional Coder", "Medical Billing Specialist", "Coding Specialist"],
    ["medical-coder", "coding-specialist", "medical-billing"],
    ["ICD-10", "CPT Coding", "Medical Billing", "Medical Terminology", "Insurance Claims", "HIPAA", "Attention to Detail"],
    ["assign ICD-10 and CPT codes", "resolve claim denials", "audit documentation for compliance"])
occ("caregiver", "Healthcare", ["Caregiver", "Home Health Aide", "Personal Care Assistant", "Direct Support Professional"],
    ["caregiver", "home-health-aide", "personal-care", "direct-support"],
    ["Activities of Daily Living", "Companionship", "Meal Preparation", "Medication Reminders", "CPR", "Compassion", "Patient Safety"],
    ["support clients with personal care", "prepare meals", "provide companionship and transport"])
# Software and data
occ("software_engineer", "Technology", ["Software Engineer", "Software Developer", "Senior Software Engineer", "Backend Engineer", "Full Stack Developer"],
    ["software-engineer", "software-developer", "backend", "full-stack", "developer"],
    ["Java", "Python", "JavaScript", "SQL", "Git", "REST APIs", "Microservices", "Docker", "Kubernetes", "AWS", "CI/CD", "Agile", "Unit Testing", "Go", "Spring Boot"],
    ["design and build scalable services", "review code and mentor engineers", "own features from design to production", "improve reliability and performance"])
occ("frontend_developer", "Technology", ["Frontend Developer", "Front End Engineer", "UI Developer", "React Developer"],
    ["frontend", "front-end", "ui-developer", "react"],
    ["JavaScript", "TypeScript", "React", "HTML", "CSS", "Redux", "Webpack", "Accessibility", "Git", "REST APIs", "Angular", "Vue.js"],
    ["build responsive user interfaces", "work with designers on components", "optimise page performance"])
occ("mobile_developer", "Technology", ["iOS Developer", "Android Developer", "Mobile Engineer", "Mobile Developer"],
    ["ios", "android", "mobile-developer", "mobile-engineer"],
    ["Swift", "Kotlin", "iOS", "Android", "Objective-C", "Xcode", "REST APIs", "Git", "Mobile Development", "Java"],
    ["ship features to the App Store and Play Store", "write native mobile code", "profile and fix crashes"])
occ("data_scientist", "Technology", ["Data Scientist", "Senior Data Scientist", "Machine Learning Scientist", "Applied Scientist"],
    ["data-scientist", "applied-scientist", "machine-learning-scientist"],
    ["Python", "Machine Learning", "Statistics", "SQL", "R", "Deep Learning", "TensorFlow", "PyTorch", "Pandas", "scikit-learn", "Data Visualization", "A/B Testing", "NLP"],
    ["build predictive models", "design experiments and analyse results", "communicate insights to stakeholders"])
occ("data_engineer", "Technology", ["Data Engineer", "Senior Data Engineer", "Big Data Engineer", "Analytics Engineer"],
    ["data-engineer", "analytics-engineer", "big-data"],
    ["SQL", "Python", "Apache Spark", "Kafka", "Airflow", "ETL", "Data Warehousing", "AWS", "Snowflake", "dbt", "Scala", "Data Modeling"],
    ["build batch and streaming pipelines", "model the warehouse", "keep data quality high"])
occ("ml_engineer", "Technology", ["Machine Learning Engineer", "ML Engineer", "MLOps Engineer", "AI Engineer"],
    ["machine-learning-engineer", "ml-engineer", "mlops", "ai-engineer"],
    ["Python", "Machine Learning", "PyTorch", "TensorFlow", "Kubernetes", "Docker", "MLOps", "Deep Learning", "NLP", "AWS", "Model Deployment"],
    ["train and deploy models to production", "build feature pipelines", "monitor model quality"])
occ("data_analyst", "Technology", ["Data Analyst", "Business Intelligence Analyst", "Reporting Analyst", "BI Developer"],
    ["data-analyst", "business-intelligence", "reporting-analyst", "bi-developer"],
    ["SQL", "Excel", "Tableau", "Power BI", "Data Analysis", "Data Visualization", "Python", "Reporting", "Statistics", "Dashboards"],
    ["build dashboards and reports", "answer business questions with data", "clean and reconcile datasets"])
occ("devops_engineer", "Technology", ["DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer", "Platform Engineer"],
    ["devops", "site-reliability", "sre", "cloud-engineer", "platform-engineer"],
    ["AWS", "Kubernetes", "Docker", "Terraform", "Linux", "CI/CD", "Ansible", "Python", "Bash", "Monitoring", "Azure", "Go"],
    ["automate infrastructure as code", "run on-call and incident reviews", "build deployment pipelines"])
occ("qa_engineer", "Technology", ["QA Engineer", "Software Test Engineer", "SDET", "Quality Assurance Analyst"],
    ["qa-engineer", "test-engineer", "sdet", "quality-assurance-analyst"],
    ["Test Automation", "Selenium", "Manual Testing", "Java", "Python", "Jira", "Regression Testing", "API Testing", "Agile", "Cypress"],
    ["write automated test suites", "plan regression cycles", "triage defects with developers"])
occ("security_analyst", "Technology", ["Cybersecurity Analyst", "Information Security Analyst", "SOC Analyst", "Security Engineer"],
    ["security-analyst", "cybersecurity", "soc-analyst", "security-engineer"],
    ["Network Security", "SIEM", "Incident Response", "Vulnerability Management", "Firewalls", "Linux", "Python", "Risk Assessment", "CISSP"],
    ["monitor alerts and investigate incidents", "run vulnerability scans", "harden systems"])
occ("it_support", "Technology", ["IT Support Specialist", "Help Desk Technician", "Desktop Support Technician", "Service Desk Analyst"],
    ["it-support", "help-desk", "desktop-support", "service-desk"],
    ["Troubleshooting", "Windows", "Active Directory", "Customer Service", "Ticketing Systems", "Office 365", "Networking", "Hardware"],
    ["resolve hardware and software tickets", "image and deploy laptops", "manage user accounts"])
occ("network_engineer", "Technology", ["Network Engineer", "Network Administrator", "Systems Administrator"],
    ["network-engineer", "network-administrator", "systems-administrator"],
    ["Networking", "Cisco", "TCP/IP", "Routing", "Firewalls", "Linux", "Windows Server", "VPN", "Troubleshooting", "VMware"],
    ["configure routers and switches", "maintain servers and backups", "monitor network performance"])
occ("product_manager", "Technology", ["Product Manager", "Senior Product Manager", "Product Owner", "Technical Product Manager"],
    ["product-manager", "product-owner"],
    ["Product Management", "Agile", "Roadmapping", "Stakeholder Management", "User Research", "Jira", "Data Analysis", "A/B Testing", "Scrum"],
    ["own the roadmap", "write requirements with engineering", "measure adoption and outcomes"])
occ("ux_designer", "Technology", ["UX Designer", "Product Designer", "UI/UX Designer", "User Researcher"],
    ["ux-designer", "product-designer", "ui-ux", "user-researcher"],
    ["Figma", "User Research", "Wireframing", "Prototyping", "Usability Testing", "Adobe Creative Suite", "Interaction Design", "Accessibility"],
    ["run user interviews", "design flows and prototypes", "maintain the design system"])
# Finance and business
occ("accountant", "Finance", ["Staff Accountant", "Senior Accountant", "Accountant", "General Ledger Accountant"],
    ["accountant"],
    ["Accounting", "General Ledger", "Account Reconciliation", "Excel", "GAAP", "Financial Reporting", "Month-End Close", "QuickBooks", "SAP", "Accounts Payable"],
    ["prepare journal entries", "reconcile balance sheet accounts", "support the month-end close"])
occ("financial_analyst", "Finance", ["Financial Analyst", "FP&A Analyst", "Senior Financial Analyst", "Finance Manager"],
    ["financial-analyst", "fp-a", "finance-manager"],
    ["Financial Modeling", "Excel", "Budgeting", "Forecasting", "Financial Reporting", "Variance Analysis", "SQL", "Power BI", "PowerPoint"],
    ["build budgets and forecasts", "analyse variances", "present results to leadership"])
occ("bookkeeper", "Finance", ["Bookkeeper", "Accounts Payable Clerk", "Accounts Receivable Specialist", "Billing Clerk"],
    ["bookkeeper", "accounts-payable", "accounts-receivable", "billing-clerk"],
    ["Bookkeeping", "Accounts Payable", "Accounts Receivable", "QuickBooks", "Excel", "Data Entry", "Invoicing", "Account Reconciliation"],
    ["process invoices and payments", "reconcile bank statements", "chase overdue accounts"])
occ("auditor", "Finance", ["Internal Auditor", "External Auditor", "Audit Associate", "IT Auditor"],
    ["auditor", "audit-"],
    ["Auditing", "Internal Controls", "SOX Compliance", "Risk Assessment", "GAAP", "Excel", "Financial Reporting", "CPA"],
    ["test internal controls", "document audit findings", "follow up on remediation"])
occ("bank_teller", "Finance", ["Bank Teller", "Personal Banker", "Relationship Banker", "Universal Banker"],
    ["teller", "personal-banker", "relationship-banker", "universal-banker"],
    ["Cash Handling", "Customer Service", "Sales", "Banking", "Cross-Selling", "Attention to Detail", "Compliance"],
    ["process deposits and withdrawals", "open accounts", "recommend products to clients"])
occ("insurance_agent", "Finance", ["Insurance Agent", "Claims Adjuster", "Insurance Sales Representative", "Underwriter"],
    ["insurance", "claims-adjuster", "underwriter"],
    ["Insurance", "Sales", "Customer Service", "Underwriting", "Claims Processing", "Negotiation", "CRM", "Risk Assessment"],
    ["quote and bind policies", "investigate claims", "assess risk"])
occ("management_consultant", "Business", ["Management Consultant", "Business Consultant", "Strategy Consultant", "Senior Consultant"],
    ["consultant"],
    ["Strategy", "Project Management", "Stakeholder Management", "PowerPoint", "Excel", "Business Analysis", "Change Management", "Data Analysis"],
    ["lead client workstreams", "build business cases", "facilitate workshops"])
occ("business_analyst", "Business", ["Business Analyst", "Business Systems Analyst", "IT Business Analyst"],
    ["business-analyst", "business-systems-analyst"],
    ["Business Analysis", "Requirements Gathering", "SQL", "Excel", "Jira", "Process Improvement", "Stakeholder Management", "Agile", "Visio"],
    ["gather and document requirements", "map processes", "support user acceptance testing"])
occ("project_manager", "Business", ["Project Manager", "Program Manager", "Senior Project Manager", "PMO Analyst"],
    ["project-manager", "program-manager", "pmo"],
    ["Project Management", "PMP", "Budgeting", "Scheduling", "Risk Management", "Stakeholder Management", "Agile", "MS Project", "Communication"],
    ["plan and track delivery", "manage budgets and risks", "report status to sponsors"])
occ("hr_generalist", "Human Resources", ["HR Generalist", "Human Resources Manager", "HR Business Partner", "HR Coordinator"],
    ["hr-", "human-resources"],
    ["Human Resources", "Employee Relations", "Onboarding", "HRIS", "Benefits Administration", "Payroll", "Performance Management", "Workday", "Compliance"],
    ["advise managers on employee relations", "run onboarding", "administer benefits"])
occ("recruiter", "Human Resources", ["Recruiter", "Technical Recruiter", "Talent Acquisition Specialist", "Sourcer"],
    ["recruiter", "talent-acquisition", "sourcer"],
    ["Recruiting", "Sourcing", "Applicant Tracking Systems", "Interviewing", "LinkedIn Recruiter", "Negotiation", "Employer Branding", "Communication"],
    ["source and screen candidates", "manage hiring pipelines", "close offers"])
occ("payroll_specialist", "Human Resources", ["Payroll Specialist", "Payroll Administrator", "Payroll Manager"],
    ["payroll"],
    ["Payroll", "ADP", "Excel", "Tax Compliance", "Data Entry", "Account Reconciliation", "Workday", "Attention to Detail"],
    ["run bi-weekly payroll", "reconcile payroll taxes", "answer employee pay questions"])
occ("administrative_assistant", "Administration", ["Administrative Assistant", "Executive Assistant", "Office Manager", "Receptionist"],
    ["administrative-assistant", "executive-assistant", "office-manager", "receptionist"],
    ["Microsoft Office", "Scheduling", "Calendar Management", "Data Entry", "Customer Service", "Organization", "Travel Coordination", "Excel"],
    ["manage calendars and travel", "prepare documents", "greet visitors and answer phones"])
occ("customer_service_rep", "Administration", ["Customer Service Representative", "Call Center Agent", "Customer Support Specialist", "Client Services Associate"],
    ["customer-service", "call-center", "customer-support", "client-services"],
    ["Customer Service", "Communication", "Problem Solving", "CRM", "Data Entry", "Call Center", "Conflict Resolution", "Multitasking"],
    ["answer customer calls and chats", "resolve billing questions", "log interactions in the CRM"])
occ("paralegal", "Legal", ["Paralegal", "Legal Assistant", "Litigation Paralegal", "Legal Secretary"],
    ["paralegal", "legal-assistant", "legal-secretary"],
    ["Legal Research", "Document Review", "Litigation", "Case Management", "Drafting", "E-Discovery", "Microsoft Office", "Attention to Detail"],
    ["draft pleadings and correspondence", "organise case files", "support attorneys at trial"])
occ("attorney", "Legal", ["Attorney", "Associate Attorney", "Corporate Counsel", "Lawyer"],
    ["attorney", "counsel", "lawyer"],
    ["Legal Research", "Litigation", "Contract Negotiation", "Drafting", "Compliance", "Corporate Law", "Legal Writing"],
    ["advise clients", "negotiate contracts", "appear in court"])
# Sales and marketing
occ("sales_representative", "Sales", ["Sales Representative", "Account Executive", "Inside Sales Representative", "Outside Sales Representative"],
    ["sales-representative", "account-executive", "inside-sales", "outside-sales"],
    ["Sales", "Prospecting", "Negotiation", "CRM", "Salesforce", "Cold Calling", "Account Management", "Lead Generation", "Closing"],
    ["prospect and qualify leads", "run demos and close deals", "grow existing accounts"])
occ("sales_manager", "Sales", ["Sales Manager", "Regional Sales Manager", "District Sales Manager", "Business Development Manager"],
    ["sales-manager", "business-development"],
    ["Sales Management", "Team Leadership", "Forecasting", "CRM", "Salesforce", "Negotiation", "Coaching", "Business Development"],
    ["lead and coach a sales team", "forecast the pipeline", "open new territories"])
occ("marketing_manager", "Marketing", ["Marketing Manager", "Digital Marketing Manager", "Marketing Specialist", "Brand Manager"],
    ["marketing", "brand-manager"],
    ["Digital Marketing", "SEO", "Google Analytics", "Content Marketing", "Social Media Marketing", "Email Marketing", "Marketing Strategy", "HubSpot", "Copywriting"],
    ["plan campaigns", "grow organic traffic", "report on funnel metrics"])
occ("content_writer", "Marketing", ["Content Writer", "Copywriter", "Technical Writer", "Editor"],
    ["writer", "copywriter", "editor"],
    ["Copywriting", "Content Writing", "Editing", "SEO", "Research", "WordPress", "Storytelling", "Technical Writing"],
    ["write articles and product copy", "edit for voice and accuracy", "research topics"])
occ("graphic_designer", "Marketing", ["Graphic Designer", "Visual Designer", "Art Director"],
    ["graphic-designer", "visual-designer", "art-director"],
    ["Adobe Photoshop", "Adobe Illustrator", "Adobe InDesign", "Typography", "Branding", "Layout Design", "Figma"],
    ["design print and digital assets", "keep brand consistency", "present concepts"])
# Retail and hospitality
occ("retail_associate", "Retail", ["Retail Sales Associate", "Cashier", "Store Associate", "Sales Floor Associate"],
    ["retail", "cashier", "store-associate", "sales-associate"],
    ["Customer Service", "Cash Handling", "Point of Sale", "Merchandising", "Inventory", "Stocking", "Teamwork", "Communication"],
    ["help customers find products", "run the register", "restock shelves"])
occ("store_manager", "Retail", ["Store Manager", "Assistant Store Manager", "Retail Manager", "Shift Supervisor"],
    ["store-manager", "retail-manager", "shift-supervisor", "assistant-manager"],
    ["Retail Management", "Team Leadership", "Inventory Management", "Scheduling", "Customer Service", "Loss Prevention", "P&L Management", "Merchandising"],
    ["lead the store team", "hit sales targets", "control shrink and labour"])
occ("chef", "Hospitality", ["Chef", "Sous Chef", "Line Cook", "Executive Chef", "Prep Cook"],
    ["chef", "cook"],
    ["Food Preparation", "Food Safety", "Menu Planning", "Kitchen Management", "ServSafe", "Inventory", "Cooking", "Sanitation"],
    ["prepare dishes to standard", "manage the line during service", "order and rotate stock"])
occ("server", "Hospitality", ["Server", "Bartender", "Host", "Food Runner", "Barista"],
    ["server", "bartender", "host", "barista", "food-runner"],
    ["Customer Service", "Food Service", "Cash Handling", "Point of Sale", "Teamwork", "Upselling", "Food Safety", "Multitasking"],
    ["take orders and serve guests", "mix drinks", "keep the floor clean"])
occ("restaurant_manager", "Hospitality", ["Restaurant Manager", "General Manager", "Food Service Manager", "Kitchen Manager"],
    ["restaurant-manager", "general-manager", "food-service-manager", "kitchen-manager"],
    ["Restaurant Management", "Food Safety", "Scheduling", "Inventory Management", "Customer Service", "Team Leadership", "Budgeting", "P&L Management"],
    ["run daily restaurant operations", "hire and train staff", "manage food and labour cost"])
occ("hotel_front_desk", "Hospitality", ["Front Desk Agent", "Guest Services Agent", "Night Auditor", "Hotel Manager"],
    ["front-desk", "guest-service", "night-auditor", "hotel"],
    ["Customer Service", "Reservations", "Opera PMS", "Cash Handling", "Problem Solving", "Hospitality", "Multitasking"],
    ["check guests in and out", "handle reservations", "resolve guest issues"])
occ("housekeeper", "Hospitality", ["Housekeeper", "Room Attendant", "Janitor", "Custodian", "Cleaner"],
    ["housekeep", "room-attendant", "janitor", "custodian", "cleaner"],
    ["Cleaning", "Housekeeping", "Sanitation", "Attention to Detail", "Time Management", "Floor Care", "Janitorial Services"],
    ["clean rooms and common areas", "restock supplies", "report maintenance issues"])
# Logistics and manufacturing
occ("truck_driver", "Logistics", ["CDL Truck Driver", "Class A Driver", "Delivery Driver", "OTR Truck Driver"],
    ["driver", "cdl", "truck"],
    ["CDL Class A", "Safe Driving", "DOT Regulations", "Route Planning", "Logbooks", "Vehicle Inspection", "Customer Service"],
    ["haul freight on regional routes", "inspect the vehicle", "keep accurate logs"])
occ("warehouse_associate", "Logistics", ["Warehouse Associate", "Forklift Operator", "Material Handler", "Picker Packer"],
    ["warehouse", "forklift", "material-handler", "picker", "packer"],
    ["Forklift Operation", "Inventory", "Shipping and Receiving", "Order Picking", "RF Scanner", "Safety", "Teamwork", "Physical Stamina"],
    ["pick and pack orders", "load and unload trucks", "keep inventory accurate"])
occ("logistics_coordinator", "Logistics", ["Logistics Coordinator", "Supply Chain Analyst", "Dispatcher", "Transportation Planner"],
    ["logistics", "supply-chain", "dispatcher", "transportation"],
    ["Logistics", "Supply Chain Management", "Excel", "SAP", "Transportation Management", "Inventory Management", "Vendor Management", "Data Analysis"],
    ["schedule shipments", "track carriers", "analyse supply chain costs"])
occ("production_worker", "Manufacturing", ["Production Worker", "Machine Operator", "Assembler", "Manufacturing Technician"],
    ["production", "machine-operator", "assembler", "manufacturing-tech"],
    ["Machine Operation", "Assembly", "Quality Control", "Safety", "Lean Manufacturing", "Blueprint Reading", "Teamwork"],
    ["operate production equipment", "assemble components", "inspect parts against specs"])
occ("quality_inspector", "Manufacturing", ["Quality Inspector", "Quality Technician", "Quality Engineer", "QC Analyst"],
    ["quality-inspector", "quality-tech", "quality-engineer", "qc-"],
    ["Quality Control", "Inspection", "ISO 9001", "Root Cause Analysis", "Blueprint Reading", "Calipers", "Six Sigma", "Documentation"],
    ["inspect incoming and finished goods", "run root cause analysis", "maintain quality records"])
occ("mechanical_engineer", "Engineering", ["Mechanical Engineer", "Design Engineer", "Manufacturing Engineer", "Product Engineer"],
    ["mechanical-engineer", "design-engineer", "manufacturing-engineer", "product-engineer"],
    ["SolidWorks", "AutoCAD", "GD&T", "FEA", "Mechanical Design", "Lean Manufacturing", "Six Sigma", "MATLAB", "Root Cause Analysis"],
    ["design parts and assemblies", "run tolerance analysis", "support production lines"])
occ("electrical_engineer", "Engineering", ["Electrical Engineer", "Controls Engineer", "Hardware Engineer", "Electronics Engineer"],
    ["electrical-engineer", "controls-engineer", "hardware-engineer", "electronics"],
    ["Circuit Design", "PLC Programming", "AutoCAD", "MATLAB", "Embedded Systems", "C", "PCB Design", "Troubleshooting"],
    ["design circuits and control panels", "program PLCs", "test prototypes"])
occ("civil_engineer", "Engineering", ["Civil Engineer", "Structural Engineer", "Project Engineer", "Site Engineer"],
    ["civil-engineer", "structural-engineer", "project-engineer", "site-engineer"],
    ["AutoCAD", "Civil 3D", "Structural Analysis", "Project Management", "Construction Management", "Surveying", "Revit"],
    ["design site plans", "check structural calculations", "supervise contractors"])
# Trades and construction
occ("electrician", "Trades", ["Electrician", "Journeyman Electrician", "Apprentice Electrician", "Maintenance Electrician"],
    ["electrician"],
    ["Electrical Wiring", "NEC Code", "Troubleshooting", "Blueprint Reading", "Conduit Bending", "Safety", "PLC Programming"],
    ["install and repair wiring", "read blueprints", "test circuits to code"])
occ("plumber", "Trades", ["Plumber", "Journeyman Plumber", "Pipefitter", "Plumbing Technician"],
    ["plumber", "pipefitter", "plumbing"],
    ["Plumbing", "Pipefitting", "Blueprint Reading", "Troubleshooting", "Safety", "Customer Service", "Welding"],
    ["install pipes and fixtures", "diagnose leaks", "meet plumbing code"])
occ("hvac_technician", "Trades", ["HVAC Technician", "HVAC Installer", "Refrigeration Technician", "Service Technician"],
    ["hvac", "refrigeration", "service-tech"],
    ["HVAC", "EPA Certification", "Refrigeration", "Troubleshooting", "Electrical Systems", "Preventive Maintenance", "Customer Service"],
    ["install and service HVAC units", "diagnose refrigeration faults", "perform preventive maintenance"])
occ("maintenance_technician", "Trades", ["Maintenance Technician", "Facilities Technician", "Maintenance Mechanic", "Building Engineer"],
    ["maintenance", "facilities", "mechanic", "building-engineer"],
    ["Preventive Maintenance", "Troubleshooting", "Electrical Systems", "Plumbing", "HVAC", "Mechanical Aptitude", "Safety", "Welding"],
    ["keep equipment running", "respond to work orders", "maintain building systems"])
occ("carpenter", "Trades", ["Carpenter", "Construction Worker", "Laborer", "Framer"],
    ["carpenter", "construction-worker", "laborer", "framer"],
    ["Carpentry", "Framing", "Blueprint Reading", "Power Tools", "Safety", "Physical Stamina", "Finish Carpentry"],
    ["frame walls and roofs", "install trim and doors", "keep the site safe"])
occ("welder", "Trades", ["Welder", "Fabricator", "Welder Fabricator", "MIG Welder"],
    ["welder", "fabricator"],
    ["Welding", "MIG Welding", "TIG Welding", "Blueprint Reading", "Fabrication", "Safety", "Grinding"],
    ["weld structural steel", "fabricate parts", "inspect welds"])
occ("construction_manager", "Construction", ["Construction Manager", "Site Superintendent", "Construction Project Manager", "Estimator"],
    ["construction-manager", "superintendent", "estimator"],
    ["Construction Management", "Project Management", "Scheduling", "Budgeting", "OSHA", "Blueprint Reading", "Procore", "Estimating"],
    ["run job sites", "manage subcontractors", "keep projects on schedule and budget"])
# Education and social
occ("teacher", "Education", ["Teacher", "Elementary School Teacher", "High School Teacher", "Special Education Teacher", "Math Teacher"],
    ["teacher"],
    ["Teaching", "Lesson Planning", "Classroom Management", "Curriculum Development", "Differentiated Instruction", "Student Assessment", "Communication"],
    ["plan and deliver lessons", "assess student progress", "meet with families"])
occ("teaching_assistant", "Education", ["Teaching Assistant", "Paraprofessional", "Substitute Teacher", "Tutor"],
    ["teaching-assistant", "paraprofessional", "substitute", "tutor"],
    ["Tutoring", "Classroom Support", "Patience", "Communication", "Lesson Planning", "Special Education"],
    ["support small groups", "supervise students", "prepare materials"])
occ("professor", "Education", ["Assistant Professor", "Lecturer", "Adjunct Instructor", "Professor"],
    ["professor", "lecturer", "instructor"],
    ["Teaching", "Research", "Curriculum Development", "Academic Writing", "Grant Writing", "Mentoring", "Public Speaking"],
    ["teach undergraduate courses", "publish research", "advise students"])
occ("social_worker", "Social Services", ["Social Worker", "Case Manager", "Licensed Clinical Social Worker", "Counselor"],
    ["social-worker", "case-manager", "lcsw", "counselor"],
    ["Case Management", "Crisis Intervention", "Counseling", "Documentation", "Community Resources", "Mental Health", "Empathy"],
    ["assess client needs", "connect clients with resources", "document case notes"])
occ("childcare_worker", "Social Services", ["Childcare Worker", "Preschool Teacher", "Nanny", "Daycare Assistant"],
    ["childcare", "preschool", "nanny", "daycare"],
    ["Child Development", "CPR", "First Aid", "Patience", "Lesson Planning", "Communication", "Safety"],
    ["care for young children", "plan activities", "keep parents informed"])
# Public safety and other
occ("security_officer", "Public Safety", ["Security Officer", "Security Guard", "Loss Prevention Officer", "Patrol Officer"],
    ["security-officer", "security-guard", "loss-prevention", "patrol"],
    ["Security", "Surveillance", "Patrolling", "Report Writing", "Customer Service", "First Aid", "Conflict Resolution"],
    ["patrol the property", "monitor cameras", "write incident reports"])
occ("police_officer", "Public Safety", ["Police Officer", "Deputy Sheriff", "Corrections Officer"],
    ["police", "sheriff", "corrections"],
    ["Law Enforcement", "Report Writing", "Firearms", "Conflict Resolution", "First Aid", "Community Policing", "Physical Fitness"],
    ["respond to calls for service", "enforce laws", "testify in court"])
occ("real_estate_agent", "Real Estate", ["Real Estate Agent", "Property Manager", "Leasing Consultant", "Realtor"],
    ["real-estate", "property-manager", "leasing", "realtor"],
    ["Real Estate", "Sales", "Negotiation", "Customer Service", "Property Management", "Leasing", "CRM", "Marketing"],
    ["show properties", "negotiate leases and sales", "manage tenant relations"])
occ("scientist", "Science", ["Research Scientist", "Laboratory Technician", "Chemist", "Research Associate", "Biologist"],
    ["scientist", "laboratory", "lab-tech", "chemist", "research-associate", "biologist"],
    ["Laboratory Techniques", "PCR", "Data Analysis", "Chemistry", "Cell Culture", "GLP", "HPLC", "Research", "Documentation"],
    ["run experiments", "analyse samples", "maintain lab records"])
occ("agricultural_worker", "Agriculture", ["Farm Worker", "Agricultural Technician", "Groundskeeper", "Landscaper"],
    ["farm", "agricultur", "groundskeeper", "landscap"],
    ["Landscaping", "Equipment Operation", "Irrigation", "Physical Stamina", "Safety", "Pesticide Application", "Horticulture"],
    ["maintain grounds and crops", "operate equipment", "apply treatments safely"])
occ("flight_attendant", "Transportation", ["Flight Attendant", "Airline Customer Service Agent", "Pilot", "Aircraft Mechanic"],
    ["flight-attendant", "airline", "pilot", "aircraft"],
    ["Customer Service", "FAA Regulations", "Safety", "First Aid", "Communication", "Conflict Resolution", "Aviation"],
    ["ensure passenger safety", "serve passengers", "follow FAA procedures"])
