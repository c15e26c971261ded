// One-thread oneDNN 2.6 matmul throughput for MiniLM's linear shapes at the reduced precisions,
// with the weight given row-major (`ab`: the kernel repacks it on every call) and packed once
// into the layout the primitive chooses (`dnnl_format_tag_any`, what `OneDNN.pack` does at load):
//
//   clang -O2 bench/encoder/packed_weights.c -ldnnl -lgomp -o /tmp/packed_weights && OMP_NUM_THREADS=1 /tmp/packed_weights
#include <dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
void omp_set_num_threads(int);
static double seconds(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+1e-9*t.tv_nsec;}
static dnnl_engine_t engine; static dnnl_stream_t stream;
static double run(int m,int n,int k,dnnl_data_type_t st,dnnl_data_type_t wt,dnnl_data_type_t dt,int packed,const char**implOut){
  void*a=aligned_alloc(64,4L*m*k),*w=aligned_alloc(64,4L*n*k),*c=aligned_alloc(64,4L*m*n);
  memset(a,1,(long)m*k*2);memset(w,1,(long)n*k*2);
  dnnl_memory_desc_t src,wei,dst; dnnl_dims_t sd={m,k},wd={k,n},dd={m,n};
  dnnl_memory_desc_init_by_tag(&src,2,sd,st,dnnl_ab);
  dnnl_memory_desc_init_by_tag(&wei,2,wd,wt,packed?dnnl_format_tag_any:dnnl_ab);
  dnnl_memory_desc_init_by_tag(&dst,2,dd,dt,dnnl_ab);
  dnnl_matmul_desc_t desc; dnnl_matmul_desc_init(&desc,&src,&wei,NULL,&dst);
  dnnl_primitive_desc_t pd; if(dnnl_primitive_desc_create(&pd,&desc,NULL,engine,NULL)!=dnnl_success){printf("fail\n");exit(1);}
  dnnl_primitive_desc_query(pd,dnnl_query_impl_info_str,0,implOut);
  const dnnl_memory_desc_t*wmd=dnnl_primitive_desc_query_md(pd,dnnl_query_weights_md,0);
  dnnl_memory_desc_t wq=*wmd; size_t wb=dnnl_memory_desc_get_size(&wq); void*wp=aligned_alloc(64,(wb+63)/64*64); memset(wp,1,wb);
  const dnnl_memory_desc_t*smd=dnnl_primitive_desc_query_md(pd,dnnl_query_scratchpad_md,0);
  dnnl_primitive_t prim; dnnl_primitive_create(&prim,pd);
  dnnl_memory_t ma,mw,mc; dnnl_memory_create(&ma,&src,engine,a); dnnl_memory_create(&mw,&wq,engine,wp); dnnl_memory_create(&mc,&dst,engine,c);
  dnnl_exec_arg_t args[3]={{DNNL_ARG_SRC,ma},{DNNL_ARG_WEIGHTS,mw},{DNNL_ARG_DST,mc}};
  int reps=(int)(4e9/((double)m*n*k)); if(reps<20)reps=20;
  dnnl_primitive_execute(prim,stream,3,args);dnnl_stream_wait(stream);
  double t0=seconds(); for(int i=0;i<reps;i++)dnnl_primitive_execute(prim,stream,3,args); dnnl_stream_wait(stream);
  double t=(seconds()-t0)/reps; return 2.0*m*n*k/t/1e9;
}
int main(){omp_set_num_threads(1);dnnl_engine_create(&engine,dnnl_cpu,0);dnnl_stream_create(&stream,engine,dnnl_stream_default_flags);
 int shapes[][2]={{1536,384},{384,1536},{384,384},{1152,384}}; int ms[]={32,64,128,256,512,1024};
 for(int p=0;p<2;p++){ dnnl_data_type_t st=p?dnnl_u8:dnnl_bf16, wt=p?dnnl_s8:dnnl_bf16, dt=p?dnnl_s32:dnnl_f32;
  for(int s=0;s<4;s++) for(int mi=0;mi<6;mi++){ const char*i1,*i2; int m=ms[mi],n=shapes[s][0],k=shapes[s][1];
   double g0=run(m,n,k,st,wt,dt,0,&i1), g1=run(m,n,k,st,wt,dt,1,&i2);
   printf("%s m=%4d n=%4d k=%4d plain %6.1f GF/s packed %6.1f GF/s  x%.2f  %s | %s\n",p?"int8":"bf16",m,n,k,g0,g1,g1/g0,i1,i2);}}
}
